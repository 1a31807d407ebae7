"""naskah.plugins"""

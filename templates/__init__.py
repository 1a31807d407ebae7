"""naskah.templates"""

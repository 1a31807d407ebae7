"""naskah.workers"""

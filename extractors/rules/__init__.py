"""extractors.rules"""

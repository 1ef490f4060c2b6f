"""pipeline.analyse"""

"""pipeline.store"""

"""pipeline.text"""

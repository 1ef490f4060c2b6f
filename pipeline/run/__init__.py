"""pipeline.run"""

"""pipeline.read"""

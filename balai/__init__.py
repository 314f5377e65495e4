"""Balai: the public-service hall of an Indonesian regency, online."""

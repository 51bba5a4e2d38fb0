"""Truceline."""

"""Thin HTTP clients for our own services. Actions never import torch."""

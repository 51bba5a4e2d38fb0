"""A frozen copy of fusion as it was before the vectorised path (reference for tests).

Do not edit: ``test_equivalence.py`` checks that :func:`truceline.fusion.fuse` gives
exactly what this copy gives.
"""

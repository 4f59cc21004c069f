"""Test support shared by the test modules of every app: helpers, not tests (pytest collects nothing here).

A test module imports what it shares with others from here (or from an app's tests/factories.py), never from
another test module. The portal's own code never imports this package.
"""

"""Fetching reports from the sites that publish them (`govparse fetch`): the first stage."""

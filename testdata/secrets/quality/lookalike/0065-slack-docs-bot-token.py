"""Example:

    client = WebClient(token="xoxb-1234567890-1234567890123-EXAMPLEtokenEXAMPLEtoken")
"""

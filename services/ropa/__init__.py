"""The processor's record of processing (GDPR Art. 30(2)): built from live data, exported."""

"""The Thai text layer: normalisation, redaction, clause splitting, tokenisation and
word-level views. Everything downstream goes through it."""

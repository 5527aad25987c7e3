"""`stackfit report`: the one-page HTML report and its Markdown twin."""

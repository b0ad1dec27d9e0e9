"""OnRecord: the Telegram bot that keeps the record of who said what in the news."""

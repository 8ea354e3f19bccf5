"""The `kb` command: the top layer, turning the library's results and errors into
terminal output and exit codes. Nothing else imports it."""

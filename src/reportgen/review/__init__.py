"""Comment rounds as reviewers work: comments read from Word files, comments matrices and the
review site's own comment panel, merged into `content/rounds/ROUND.yaml`."""

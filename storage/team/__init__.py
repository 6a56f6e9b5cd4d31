"""A team of coders: split letters into work databases, merge their work back, measure agreement.

Coders work on their own machines, often offline, each in a work database made by `assign`
(letters, predictions and the label set of the main database, with its project id). `merge`
brings each coder's gold, highlights and audit log back into the main database, one transaction
per file; `agreement` compares the coders' gold on the letters more than one of them reviewed.
"""

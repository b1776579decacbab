"""Stage 4, Document -> the form's cells. For each table: split each printed row into labels
and values (rows), judge its header (header), match its rows to the form's (rows), list what
each row can mean (readings, values), and solve the rows against the form's identities
(identities, placement) in a reader per table (reader, table2, table3, table4); which form a
report prints (detect); all three tables (tables)."""

import dropbox

dbx = dropbox.Dropbox("sl.B5HHaJKQL5iniLmbGxjYGV6iTQaGHz1Khh8EsD4uUcNjnWH9gCfQXMVZ-zdR2T8iukk1W-6nRBDtQL9skym5GghUHN_0IPi78sba0YU_ypX4j7X3e2b43oIa305gun22kWyfgc6")
with open("export.zip", "rb") as f:
    dbx.files_upload(f.read(), "/exports/export.zip")

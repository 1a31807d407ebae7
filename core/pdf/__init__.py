"""DOCX → PDF: one `soffice` call (`soffice`) and the warm LibreOffice pool (`pool`)."""

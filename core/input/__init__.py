"""Reading the collected data: the XLSX input workbook and its blank template."""

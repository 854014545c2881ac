"""Pure normalizers (dates, money, names, places): no spaCy needed to test them."""

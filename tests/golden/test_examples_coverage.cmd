test examples --coverage

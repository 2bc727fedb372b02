"""Development data, kept apart from the product.

Demo content for a fresh installation (`manage.py load_demo_content`) and
articles in bulk for the benchmark (`manage.py seed_bench`, `seeding`).
"""

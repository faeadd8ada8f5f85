import gc

from finder import create_app

app = create_app()
# What the site made at start (modules, territory tables, translations) lives as long as the
# process: the collector need not go through it again each time it looks at old objects.
gc.collect()
gc.freeze()

Liushi.entry()

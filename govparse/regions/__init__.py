"""Administrative divisions (province / city / county) and matching agency names to them."""

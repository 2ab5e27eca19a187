"""MSP: Making Safeguarding Personal, for councils, Safeguarding Adults Boards and the national picture."""

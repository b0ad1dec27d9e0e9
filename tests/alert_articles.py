"""Short articles the alert tests forward: two reports of one Iran story, a second Iran story,
and a Cuba story. Each is tagged by the extractor with the topic its name says."""

IRAN = (
    "MOSCOW — Kremlin spokesman Dmitry Peskov said on Tuesday that Moscow is deeply concerned "
    "about the strikes on Iranian nuclear facilities. “Such actions could destabilize the whole "
    "region and must stop immediately,” Peskov told reporters. He added that Russia remains "
    "ready to help find a diplomatic solution on the Iranian nuclear programme."
)
IRAN_REWRITE = (
    "Russia is deeply concerned about strikes on Iran's nuclear facilities, the Kremlin said. "
    "“Such actions could destabilize the whole region and must stop immediately,” spokesman "
    "Dmitry Peskov told journalists on Tuesday, adding that Russia remains ready to help find "
    "a diplomatic solution on the Iranian nuclear programme."
)
IRAN_OTHER_STORY = (
    "GENEVA — The head of the UN nuclear watchdog Rafael Grossi said on Thursday that "
    "inspectors must return to Iran's nuclear sites soon. “We need access to the Iranian "
    "nuclear facilities without delay,” Grossi told reporters, adding that talks with Tehran "
    "on the Iranian nuclear programme would resume next week."
)
CUBA = (
    "HAVANA — Cuban Foreign Minister Bruno Rodriguez said on Tuesday that the United States "
    "embargo against Cuba is a cruel policy. “The blockade against Cuba is the main obstacle to "
    "our development,” Rodriguez told reporters in Havana. He added that Cuba will keep seeking "
    "dialogue with Washington."
)

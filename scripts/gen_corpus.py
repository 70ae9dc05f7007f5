#!/usr/bin/env python3
"""Generate a deterministic synthetic corpus of meeting-summary documents.

    python3 scripts/gen_corpus.py --mb 50 --out /tmp/corpus [--seed 1]
    python3 scripts/gen_corpus.py --one-file-mb 30 --out /tmp/one [--seed 1]
    python3 scripts/gen_corpus.py --docs 1000 --max-kb 8 --out /tmp/small [--seed 1]

For the throughput benchmark (scripts/bench.py). Every sentence comes from
templates in this file, filled with invented people, titles, organisations,
countries, session roles, reporting verbs and theme phrases; nothing is
copied from real documents. Same arguments, same bytes (Python's `random`
with a fixed seed; no dependence on dict order, locale or clock).

Document shapes, picked per document:
  narrative   - a session summary in prose (purpose / references header,
                paragraphs of "Ms. X, Title of Org, Country stressed ...")
  speakers    - speaker lists ("- H.E. Mr. X, Minister of ..., Country
                (Moderator)") each followed by a short summary
  transcript  - turns "Name: text", some with time stamps
  minutes     - "Present:" / "Apologies:" lists, numbered agenda items,
                decisions and actions
  markdown    - `.md` with # headings, bullet lists and **bold** names

Sizes are log-uniform between 2 KB and 2 MB (1 KB = 1000 bytes, 1 MB =
10^6 bytes, measured in UTF-8 bytes), files sit in nested folders 1 to 4
deep. --mb N stops once N MB have been written (the last document is cut to
fit, but never below 2 KB). --docs N writes N documents instead, of 2 KB
to --max-kb each (for incremental-run timings, scripts/bench_incremental.sh).
--one-file-mb M writes one document (`proceedings.txt`): the documents --mb M
writes with the same seed, joined in order by blank lines, so that the
per-byte cost of one large document and of many small ones is measured on
the same text.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys

KB = 1000
MB = 1000 * 1000
MIN_DOC = 2 * KB
MAX_DOC = 2 * MB

# ---------------------------------------------------------------------------
# Vocabulary (all invented or generic; names are combinations of common given
# names and surnames from many languages, not real people).

GIVEN_F = [
    "Amina", "Beatriz", "Chiara", "Dagný", "Élodie", "Fatoumata", "Gréta", "Hana",
    "Ingrid", "Jovana", "Kalani", "Lucía", "Mẫn", "Nadège", "Oluwaseun", "Paulína",
    "Qiu", "Raïssa", "Siobhán", "Tahmina", "Ulla", "Violeta", "Wanjiru", "Ximena",
    "Yasmin", "Zofia", "Aoife", "Bongiwe", "Cécile", "Dilnoza", "Eun-ji", "Françoise",
    "Gulnara", "Heloísa", "Ilse", "Jūratė", "Kamila", "Leilani", "Małgorzata", "Noor",
    "Ofelia", "Priya", "Renée", "Saoirse", "Tuğba", "Uzma", "Vên", "Wiktoria",
    "Anaïs", "Björg", "Consuelo", "Dervla", "Esperanza", "Fenna", "Gabriela", "Hiba",
]
GIVEN_M = [
    "Abdou", "Björn", "Cristóbal", "Dmitri", "Émile", "Farid", "Gonçalo", "Håkon",
    "Ismaël", "Jörg", "Kwabena", "Luís", "Mihail", "Nnamdi", "Ørjan", "Pádraig",
    "Quang", "Rafał", "Søren", "Tomás", "Uchenna", "Václav", "Wojciech", "Xolani",
    "Yusuf", "Zoltán", "Aarav", "Bogdan", "Ciarán", "Darío", "Eero", "Fernão",
    "Gaurav", "Hamza", "Iñaki", "Jean-Baptiste", "Kemal", "Lukáš", "Mateus", "Nikolaos",
    "Oğuz", "Pierre-Yves", "Radu", "Stanisław", "Tiago", "Ulrich", "Vũ", "Wenzel",
    "Anders", "Benoît", "Călin", "Dónal", "Espen", "Faisal", "Guðmundur", "Hiroto",
]
MIDDLE = ["A.", "J.", "M.", "K.", "T.", "R.", "Luz", "Maria", "José", "Anne", "Kofi", "Li"]
SURNAME = [
    "Abeysekera", "Brännström", "Castañeda", "Dvořáková", "Eriksdóttir", "Fonseca",
    "Grünewald", "Hakimi", "Iwu", "Jankauskaitė", "Kowalczyk", "Lindqvist", "Mbeki-Osei",
    "Nakashima", "Okonkwo", "Pérez-Llorente", "Quispe", "Rasmussen", "Szabó", "Tshabalala",
    "Urquhart", "Vasquez", "Wiśniewska", "Xiong", "Yılmaz", "Zapata", "Achterberg",
    "Bouchard", "Ćosić", "Delacroix", "Esterházy", "Fitzgerald", "Gökçe", "Hernández",
    "Ilunga", "Järvinen", "Kaczmarek", "Lefèvre", "Mwangi", "Nørgaard", "Oyelaran",
    "Papadopoulou", "Rautenbach", "Sæther", "Tanaka", "Ulloa", "Villeneuve", "Wróbel",
    "Yamamoto", "Zhou", "Adebayo", "Bergström", "Chávez", "Dimitrova", "Eklund",
    "Ferreira", "Gashi", "Haddad", "Ibrahimović", "Johansson", "Kiplagat", "Laurentiu",
    "Moreau", "Nguyễn", "Owusu-Ansah", "Pham", "Rodríguez", "Sithole", "Teodorescu",
    "Uwimana", "Vukovic", "Wójcik", "Yeboah", "Zielińska", "Ramírez Soto", "Kang",
]
PARTICLE = [
    "van der", "van", "de", "de la", "del", "da", "dos", "von", "von der", "bin",
    "binti", "al-", "El", "Le", "di", "ter", "ben", "Mac", "Ó", "zu", "d'",
]
HONORIFIC_F = ["Ms.", "Mrs.", "Dr.", "Prof.", "H.E. Ms.", "Hon.", "Amb.", "Prof. Dr.",
               "Dame", "Sen.", "Madam", "Dr", "Ms", "Rt. Hon.", "Justice", "Eng."]
HONORIFIC_M = ["Mr.", "Dr.", "Prof.", "H.E. Mr.", "Hon.", "Amb.", "Prof. Dr.", "Sir",
               "Sen.", "Dato' Sri", "Mr", "Dr", "Rt. Hon.", "Justice", "Eng.", "Rev."]
HONORIFIC_N = ["Mx.", "Dr.", "Prof.", "Hon.", "Amb."]

PORTFOLIO = [
    "Digital Affairs", "Information and Communication Technologies", "Foreign Affairs",
    "Education and Research", "Innovation and Digital Economy", "Communications and Media",
    "Health", "Environment and Climate Change", "Justice", "Trade and Industry",
    "Youth and Sports", "Science and Technology", "Posts and Telecommunications",
    "Public Administration", "Gender Equality", "Finance and Planning",
]
TITLE_HEAD = [
    "Minister of {p}", "Deputy Minister of {p}", "Vice Minister for {p}",
    "Secretary of State for {p}", "Permanent Secretary, Ministry of {p}",
    "Director-General", "Deputy Director-General", "Secretary-General",
    "Assistant Secretary-General", "Chief Digital Officer", "Chief Technology Officer",
    "Head of Policy", "Senior Advisor on {t}", "Programme Officer", "Executive Director",
    "Policy Analyst", "Founder and CEO", "Professor of {t}", "Research Fellow",
    "Ambassador and Permanent Representative", "Member of Parliament", "Chairperson",
    "Vice-President for {t}", "Head of Unit, {t}", "Legal Counsel", "Project Manager",
    "Regional Director for {r}", "Special Envoy on {t}", "Senior Researcher",
    "Director of Public Affairs", "Coordinator", "Commissioner for {t}",
]
REGION = ["Africa", "the Arab States", "Asia and the Pacific", "Europe", "the Americas",
          "Latin America and the Caribbean", "Small Island Developing States", "Central Asia"]
ORG = [
    # invented bodies
    "the Open Networks Alliance", "the Kestrel Institute for Digital Policy",
    "the Coastal Broadband Cooperative", "the Meridian Foundation", "Lumen Data Trust",
    "the Global Youth Tech Forum", "the Association of Rural Connectivity Providers",
    "the Centre for Algorithmic Accountability", "Northwind Telecom", "Solaria Cloud",
    "the Pan-Regional Standards Council", "the Civic Code Collective",
    "the Institute for Inclusive Innovation", "Harbourview University",
    "the Digital Rights Observatory", "the Network of Women in Engineering",
    "Tessellate Analytics", "the Forum of Small Island Regulators",
    "the Highland Institute of Technology", "Bluefin Payments",
    "the Council of Public Libraries", "Orchid Health Systems", "Polar Satellite Services",
    "the Mangrove Climate Lab", "the Federation of Community Radio Stations",
    # generic intergovernmental bodies (acronyms common in meeting records)
    "ITU", "UNESCO", "UNDP", "UNCTAD", "WIPO", "the World Bank", "OECD", "the African Union",
    "the European Commission", "the Internet Society", "ICANN", "the IGF Secretariat",
]
COUNTRY = [
    "Kenya", "Brazil", "Japan", "Tunisia", "Lithuania", "Switzerland", "Kyrgyzstan",
    "Viet Nam", "Türkiye", "Côte d'Ivoire", "Norway", "Colombia", "Indonesia", "Ghana",
    "Portugal", "Mongolia", "Fiji", "Rwanda", "Uruguay", "Estonia", "Bangladesh", "Jordan",
    "Senegal", "Canada", "Philippines", "Republic of Korea", "Morocco", "Chile", "Finland",
    "Nepal", "Jamaica", "Egypt", "Poland", "Samoa", "Argentina", "Malaysia", "Ireland",
    "South Africa", "Bhutan", "Costa Rica", "Iceland", "Zambia", "Georgia", "Peru",
]
CITY = ["Geneva", "Kyoto", "Nairobi", "Lisbon", "Riyadh", "Addis Ababa", "Oslo",
        "Montevideo", "Kigali", "Bangkok", "Vienna", "Dakar", "Tallinn", "Suva", "Bogotá"]
VENUE = ["Room {n}", "Annex Hall {n}", "Plenary Hall", "Workshop Room {n}", "Press Room",
         "the Main Auditorium", "Conference Room {n}", "Salle {n}", "the Library Pavilion"]
ROLE = ["Moderator", "Co-moderator", "Rapporteur", "Chair", "Co-chair", "Panellist",
        "Keynote speaker", "Respondent", "Online moderator", "Discussant", "Host",
        "Session organiser", "Vice-Chair", "Note-taker", "Guest speaker"]
EVENT = [
    "Internet Governance Forum", "WSIS Forum", "Regional Digital Dialogue",
    "Annual Policy Symposium", "Youth Digital Summit", "Open Standards Week",
    "High-Level Roundtable", "Global Connectivity Conference", "Digital Futures Assembly",
    "Council Working Group", "Expert Group Meeting", "Broadband Commission Retreat",
]
SESSION_KIND = ["workshop", "open forum", "high-level dialogue", "lightning talk",
                "town hall", "roundtable", "launch event", "networking session",
                "main session", "day 0 event", "side event", "best practice forum"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

VERB_PAST = [
    "highlighted", "stressed", "emphasised", "underlined", "noted", "pointed out",
    "recalled", "observed", "argued", "cautioned", "acknowledged", "reiterated",
    "underscored", "remarked", "explained", "warned", "suggested", "proposed",
    "welcomed", "reaffirmed", "shared", "described", "outlined", "insisted",
    "emphasized", "maintained", "commented", "affirmed", "cited", "recognised",
]
VERB_CALL = ["called for", "urged", "advocated for", "appealed for", "pressed for",
             "encouraged", "invited participants to support", "pleaded for"]
OPENERS = [
    "In {pos} opening remarks, {n}", "Opening the session, {n}", "Speaking next, {n}",
    "In response, {n}", "Taking the floor, {n}", "Following this, {n}",
    "Building on the previous intervention, {n}", "In {pos} closing words, {n}",
    "Responding to a question from the audience, {n}", "From the floor, {n}",
    "Joining online, {n}", "Later in the discussion, {n}", "{n}",
    "{n}", "{n}", "{n}",
]

# Theme phrases: the vocabulary the theme rules look for, mixed with neutral
# "other sense" uses of the same words so the rules' excludes do some work.
THEME = [
    "artificial intelligence", "generative AI tools", "machine learning in public services",
    "AI governance", "emerging technologies such as quantum computing",
    "the digital divide", "meaningful connectivity", "affordable broadband",
    "last-mile connectivity in rural areas", "the 2.6 billion people who remain offline",
    "digital skills", "capacity building for regulators", "digital literacy programmes",
    "training programmes for teachers", "cybersecurity", "trust and confidence in ICTs",
    "online fraud and SIM-swap scams", "cyber threats to critical infrastructure",
    "data protection", "privacy by design", "cross-border data flows", "data governance",
    "human rights online", "freedom of expression", "the rights of children online",
    "gender equality", "the inclusion of persons with disabilities", "indigenous communities",
    "youth participation", "women and girls in STEM", "the Sustainable Development Goals",
    "the 2030 Agenda", "climate change", "e-waste", "the environmental footprint of data centres",
    "green technologies", "the WSIS Action Lines", "the Global Digital Compact",
    "the multistakeholder model", "internet fragmentation", "multistakeholder cooperation",
    "public-private partnerships", "international cooperation", "regulatory frameworks",
    "legislation on online platforms", "competition policy", "the digital economy",
    "investment in infrastructure", "small businesses", "the funding gap",
    "innovation ecosystems", "misinformation and disinformation", "media literacy",
    "content moderation", "information integrity", "digital public infrastructure",
    "e-government services", "digital identity", "telemedicine", "digital health records",
    "cultural diversity", "multilingualism online", "local content in local languages",
    "an enabling environment", "a global rescue plan", "the Minister for Education",
    "the state of play", "lessons learned", "the way forward", "practical next steps",
]
# Fields of expertise in job titles ("Senior Advisor on ...").
TITLE_TOPIC = [
    "Artificial Intelligence", "Digital Inclusion", "Cybersecurity", "Data Protection",
    "Internet Governance", "Gender and ICT", "Climate and Technology", "Digital Health",
    "Broadband Policy", "Media Freedom", "Open Data", "Spectrum Management", "E-Commerce",
    "Digital Rights", "Education Technology", "Public Sector Innovation",
]
CLAUSE = [
    "the importance of {t}", "the need to address {t}", "progress made on {t}",
    "the role of {o} in {t}", "that {t} must remain a priority",
    "that {t} cannot be separated from {t2}", "concrete examples of {t} from {c}",
    "the links between {t} and {t2}", "gaps in {t}", "the cost of inaction on {t}",
    "a national strategy on {t}", "lessons from {c} on {t}",
    "that only {pct}% of the targets on {t} are on track",
    "the experience of {o} with {t}", "that {t} requires sustained funding",
    "the risks associated with {t}", "how {t} affects {t2}",
    "the work of {o} to advance {t}", "a pilot project on {t} in {c}",
]
FOLLOWUPS = [
    "{P} also {v} {cl}.", "{P} further {v} {cl}.", "{S} {v} {cl}.",
    "According to {S}, {t} and {t2} should be addressed together.",
    "{P} concluded by thanking {o} for its support.",
    "{P} {vc} {t} and {t2}.", "{S} {vc} stronger action on {t}.",
    "In {pos} view, {t} is closely linked to {t2}.",
    "{P} shared figures showing that {pct}% of households in {c} now benefit from {t}.",
    "{S} added that {o} stands ready to help with {t}.",
    "{P} gave the example of {c}, where {t} has improved over the past {k} years.",
    "{P} also {v} that the discussion on {t} should continue at the next {e}.",
]
AUDIENCE_Q = [
    "A participant from {c} asked how {t} could be measured.",
    "An online participant asked whether {o} would publish its findings on {t}.",
    "One question from the floor concerned {t} in small island states.",
    "Several participants raised {t} during the open discussion.",
    "A youth representative asked about {t} and {t2}.",
]
TRANSCRIPT_LINES = [
    "Thank you very much, and good morning to everyone joining us in the room and online.",
    "I would like to come back to the point about {t}.",
    "In {c} we have seen {t} become a real priority over the last {k} years.",
    "I think we need to be honest about {t}: the gaps are still very large.",
    "Let me give you one concrete example from our work on {t}.",
    "We cannot talk about {t} without talking about {t2}.",
    "So my question to the panel is: what is the role of {o} here?",
    "Thank you, that is a very good question.",
    "Our organisation has been working with {o} on {t} since {y}.",
    "Perhaps I can add a few words on {t2}, because it is often forgotten.",
    "I fully agree with the previous speaker.",
    "We have about {k} minutes left, so I will ask everyone to be brief.",
    "The numbers are clear: around {pct}% of people in rural areas are still affected.",
    "If I may, I would like to respond very briefly.",
    "Can everyone hear me? I hope the connection is stable.",
    "We published a report on {t} last year and I encourage you to read it.",
    "That brings me to my final point, which is {t}.",
    "Okay. Next slide, please.",
    "I'd like to thank the organisers for inviting {o} to this discussion.",
]
DECISIONS = [
    "The {b} agreed to establish a working group on {t}.",
    "The {b} took note of the report on {t}.",
    "It was agreed that the secretariat would circulate a draft paper on {t} by {d}.",
    "The {b} approved the minutes of the previous meeting without amendment.",
    "Members endorsed the proposal to include {t} in the work programme.",
    "The Chair proposed that {t} be discussed further at the next meeting; this was agreed.",
    "No objections were raised and the item was closed.",
    "The budget line for {t} was approved subject to review.",
]
BODY = ["Committee", "Council", "Board", "Working Group", "Steering Committee",
        "Advisory Group", "Bureau", "Task Force"]
AGENDA = [
    "Adoption of the agenda", "Approval of the minutes of the previous meeting",
    "Matters arising", "Report of the Secretariat", "Update on {t}",
    "Preparations for the {e}", "Budget and financing", "Review of the work plan on {t}",
    "Any other business", "Date of the next meeting", "Presentation on {t}",
]


class Gen:
    """All random choices go through one seeded generator."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.c = self.r.choice

    # -- people -----------------------------------------------------------
    def person(self) -> dict:
        r, c = self.r, self.c
        g = r.random()
        if g < 0.47:
            given, hon, pro, pos = c(GIVEN_F), c(HONORIFIC_F), "She", "her"
        elif g < 0.94:
            given, hon, pro, pos = c(GIVEN_M), c(HONORIFIC_M), "He", "his"
        else:
            given, hon, pro, pos = c(GIVEN_F + GIVEN_M), c(HONORIFIC_N), "They", "their"
        sur = c(SURNAME)
        u = r.random()
        if u < 0.2:
            p = c(PARTICLE)
            sur = (p + sur) if p.endswith(("-", "'")) else f"{p} {sur}"
        elif u < 0.3:
            sur = f"{sur}-{c(SURNAME)}"
        parts = [given]
        if r.random() < 0.12:
            parts.append(c(MIDDLE))
        full = " ".join(parts + [sur])
        title = c(TITLE_HEAD).format(p=c(PORTFOLIO), t=c(TITLE_TOPIC), r=c(REGION))
        org = c(ORG)
        country = c(COUNTRY)
        return {
            "hon": hon, "full": full, "sur": sur, "given": given, "pro": pro, "pos": pos,
            "title": title, "org": org, "country": country, "role": c(ROLE),
            "minister": title.startswith(("Minister", "Deputy Minister", "Vice Minister",
                                          "Secretary of State", "Permanent")),
        }

    def topic(self) -> str:
        return self.c(THEME)

    def cast(self, n: int) -> list[dict]:
        return [self.person() for _ in range(n)]

    def designation(self, p: dict) -> str:
        """The many ways meeting records attach a title to a name."""
        k = self.r.randrange(6)
        if p["minister"]:
            return f"{p['title']}, {p['country']}"
        if k == 0:
            return f"{p['title']} at {p['org']}"
        if k == 1:
            return f"{p['title']}, {p['org']}"
        if k == 2:
            return f"{p['title']} of {p['org']}, {p['country']}"
        if k == 3:
            return f"{p['title']}, {p['org']} ({p['country']})"
        if k == 4:
            return f"representing {p['org']}"
        return f"{p['title']}, {p['country']}"

    def ref(self, p: dict, pronoun: bool = True) -> str:
        """A later mention of someone already introduced."""
        k = self.r.randrange(5)
        if k == 0:
            return p["pro"] if pronoun else f"{p['hon']} {p['sur']}"
        if k == 1:
            return f"{p['hon'].split()[-1]} {p['sur']}"
        if k == 2:
            return f"{p['given']} {p['sur']}"
        if k == 3:
            return f"the {p['role'].lower()}"
        return f"{p['hon']} {p['sur']}"

    # -- fillers ----------------------------------------------------------
    def fill(self, tpl: str, p: dict | None = None, cap: bool | None = None) -> str:
        r, c = self.r, self.c
        t = self.topic()
        t2 = self.topic()
        kw = {
            "t": t, "t2": t2, "o": c(ORG), "c": c(COUNTRY), "pct": r.randrange(5, 96),
            "k": r.randrange(2, 30), "y": r.randrange(1998, 2025), "e": c(EVENT),
            "v": c(VERB_PAST), "vc": c(VERB_CALL), "b": c(BODY), "d": self.date(),
        }
        if p is not None:
            kw.update(P=p["pro"], S=self.ref(p, pronoun="{S}" not in tpl[1:]), pos=p["pos"])
        kw["cl"] = c(CLAUSE).format(**kw)
        out = tpl.format(**kw)
        if cap is None:
            cap = not tpl.startswith("{cl}")  # a bare clause goes mid-sentence
        return out[0].upper() + out[1:] if cap else out

    def date(self) -> str:
        r = self.r
        day, month, year = r.randrange(1, 29), r.randrange(12), r.randrange(2005, 2026)
        k = r.randrange(3)
        if k == 0:
            return f"{WEEKDAYS[r.randrange(7)]}, {MONTHS[month]} {day}, {year}"
        if k == 1:
            return f"{day} {MONTHS[month]} {year}"
        return f"{year}-{month + 1:02d}-{day:02d}"

    def session_title(self) -> str:
        c = self.c
        t = self.topic()
        forms = [
            f"{t[0].upper()}{t[1:]}: {c(['challenges', 'opportunities', 'the way ahead', 'lessons from the field', 'what next'])}",
            f"Building trust in {t}",
            f"From commitments to action on {t}",
            f"{c(SESSION_KIND).title()} on {t}",
            f"Bridging gaps: {t} and {self.topic()}",
        ]
        return c(forms)

    def statement(self, p: dict, first: bool) -> str:
        c, r = self.c, self.r
        name = f"{p['hon']} {p['full']}"
        tpl = c(OPENERS)
        if first:
            who = f"{name}, {self.designation(p)}"
        else:
            who = self.ref(p, pronoun=tpl == "{n}") if r.random() < 0.6 else name
        opener = tpl.format(n=who, pos=p["pos"])
        opener = opener[0].upper() + opener[1:]
        cl = c(CLAUSE).format(t=self.topic(), t2=self.topic(), o=c(ORG), c=c(COUNTRY),
                              pct=r.randrange(5, 96))
        out = [f"{opener} {c(VERB_PAST)} {cl}."]
        for _ in range(r.randrange(1, 5)):
            out.append(self.fill(c(FOLLOWUPS), p))
        return " ".join(out)

    # -- documents ------------------------------------------------------
    # Each shape is a generator of text blocks; the caller stops it once the
    # document is big enough, so big documents are long, not repetitive.

    def narrative(self):
        c, r = self.c, self.r
        ev, city, country = c(EVENT), c(CITY), c(COUNTRY)
        title = self.session_title()
        sid = r.randrange(10, 999)
        yield ("\tPurpose\n"
               f"The document provides a summary of the session \"{title}\" held at the {ev} {r.randrange(2005, 2026)}.\n"
               "Action required\n"
               f"{c(['Members are invited to note the document.', 'For information.', 'The Council is invited to take note of this report.'])}\n"
               "____________________________________\n"
               "References\n"
               f"· https://events.example.org/{ev.lower().replace(' ', '-')}/session/{sid} \n"
               f"· https://video.example.org/watch?v={r.getrandbits(40):010x} \n")
        hosts = self.cast(2)
        yield (f" The {c(SESSION_KIND)} \"{title}\" took place on {self.date()} in {city}, {country}. "
               f"The session was co-organised by {hosts[0]['org']} and {hosts[1]['org']}. "
               f"It was held in {c(VENUE).format(n=r.randrange(1, 12))}, which can accommodate up to {r.randrange(3, 40) * 10} attendees.\n")
        topic_no = 0
        while True:
            topic_no += 1
            if r.random() < 0.5:
                yield f"Topic {topic_no}: {self.session_title()}\n"
            people = self.cast(r.randrange(3, 9))
            intro = "; ".join(f"{p['hon']} {p['full']}, {self.designation(p)}" for p in people[:-1])
            yield (f"The {c(['first', 'next', 'second', 'following', 'final'])} segment featured {len(people)} "
                   f"{c(['panellists', 'speakers', 'discussants'])}: {intro}; and {people[-1]['hon']} {people[-1]['full']}, {self.designation(people[-1])}.\n")
            for p in people:
                yield self.statement(p, first=r.random() < 0.7) + "\n"
            if r.random() < 0.4:
                yield " ".join(self.fill(c(AUDIENCE_Q)) for _ in range(r.randrange(1, 4))) + "\n"
            if r.random() < 0.3:
                mod = self.person()
                yield (f"\nTo conclude the segment, the {mod['role'].lower()}, {mod['hon']} {mod['full']}, "
                       f"{mod['title']}, {c(VERB_PAST)} {self.fill('{cl}')}.\n")

    def speakers(self):
        c, r = self.c, self.r
        yield f"{c(EVENT)} {r.randrange(2005, 2026)} - {self.session_title()}\n{self.date()}, {c(CITY)}\n\n"
        while True:
            people = self.cast(r.randrange(3, 12))
            yield c(["Speakers\n", "Speakers:\n", "List of speakers\n", "Panel\n", "SPEAKERS\n"])
            bullet = c(["- ", "• ", "* ", "", "1. "])
            lines = []
            for i, p in enumerate(people):
                b = f"{i + 1}. " if bullet == "1. " else bullet
                role = f" ({p['role']})" if r.random() < 0.5 else ""
                if r.random() < 0.5:
                    lines.append(f"{b}{p['hon']} {p['full']}, {self.designation(p)}{role}")
                else:
                    lines.append(f"{b}{p['full']} - {p['title']}, {p['org']}{role}")
            yield "\n".join(lines) + "\n\n"
            yield c(["Summary\n", "Key messages\n", "Discussion\n", ""])
            for p in people[: r.randrange(1, len(people) + 1)]:
                yield self.statement(p, first=False) + "\n"
            yield "\n"
            if r.random() < 0.5:
                yield f"Session {r.randrange(2, 60)}: {self.session_title()}\n{self.date()}\n\n"

    def transcript(self):
        c, r = self.c, self.r
        yield (f"{c(['TRANSCRIPT', 'Verbatim record', 'Raw transcript', 'Session transcript'])}\n"
               f"{c(EVENT)} - {self.session_title()}\n{self.date()}\n\n")
        people = self.cast(r.randrange(3, 10))
        stamp = r.random() < 0.4
        upper = r.random() < 0.25
        sec = 0
        while True:
            if r.random() < 0.03:  # a new speaker joins
                people.append(self.person())
            p = c(people)
            k = r.randrange(4)
            if k == 0:
                name = f"{p['hon']} {p['full']}"
            elif k == 1:
                name = p["full"]
            elif k == 2:
                name = p["role"].upper() if p["role"] in ("Moderator", "Chair") else p["full"]
            else:
                name = f"{p['given']} {p['sur']}"
            if upper:
                name = name.upper()
            text = " ".join(self.fill(c(TRANSCRIPT_LINES)) for _ in range(r.randrange(1, 7)))
            sec += r.randrange(5, 240)
            ts = f"[{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}] " if stamp else ""
            yield f"{ts}{name}: {text}\n" + ("\n" if r.random() < 0.5 else "")
            if r.random() < 0.02:
                yield c(["(Applause)\n", "[inaudible]\n", "(Break)\n", "[Audio cut]\n"])

    def minutes(self):
        c, r = self.c, self.r
        body = c(BODY)
        yield (f"Minutes of the {r.randrange(1, 90)}th meeting of the {c(EVENT)} {body}\n"
               f"Date: {self.date()}\nVenue: {c(VENUE).format(n=r.randrange(1, 12))}, {c(CITY)}\n\n")
        meeting = 0
        while True:
            meeting += 1
            members = self.cast(r.randrange(4, 16))
            chair = members[0]
            pres = [f"{chair['hon']} {chair['full']} (Chair)"]
            pres += [f"{m['hon']} {m['full']}" + (f" ({m['org']})" if r.random() < 0.4 else "")
                     for m in members[1:]]
            yield "Present: " + ", ".join(pres) + "\n"
            if r.random() < 0.8:
                apol = self.cast(r.randrange(1, 5))
                yield "Apologies: " + ", ".join(f"{a['hon']} {a['full']}" for a in apol) + "\n"
            if r.random() < 0.5:
                yield "In attendance: " + ", ".join(f"{a['full']} ({a['title']})" for a in self.cast(r.randrange(1, 4))) + "\n"
            yield "\n"
            for i in range(r.randrange(3, 9)):
                item = self.fill(c(AGENDA))
                yield f"{i + 1}. {item}\n"
                for j in range(r.randrange(1, 4)):
                    m = c(members)
                    yield (f"{i + 1}.{j + 1} {m['hon']} {m['sur']} {c(VERB_PAST)} {self.fill('{cl}')}. "
                           f"{self.fill(c(FOLLOWUPS), m)}\n")
                yield self.fill(c(DECISIONS)) + "\n"
                if r.random() < 0.4:
                    m = c(members)
                    yield f"ACTION: {m['given']} {m['sur']} to report back on {self.topic()} by {self.date()}.\n"
                yield "\n"
            yield f"The meeting closed at {r.randrange(11, 19)}:{r.randrange(0, 60):02d}.\n\n"
            if r.random() < 0.7:
                yield f"Minutes of the {c(['following', 'resumed', 'extraordinary'])} meeting, {self.date()}\n\n"

    def markdown(self):
        c, r = self.c, self.r
        yield f"# {self.session_title()}\n\n*{c(EVENT)}, {c(CITY)}, {self.date()}*\n\n"
        while True:
            people = self.cast(r.randrange(3, 8))
            yield "## Speakers\n\n"
            yield "".join(f"- **{p['hon']} {p['full']}**, {self.designation(p)}" +
                          (f" *({p['role']})*" if r.random() < 0.4 else "") + "\n" for p in people) + "\n"
            yield f"## {c(['Summary', 'Session overview', 'Key points', 'Discussion'])}\n\n"
            yield " ".join(self.fill(c(FOLLOWUPS), c(people)) for _ in range(r.randrange(2, 5))) + "\n\n"
            for p in people:
                if r.random() < 0.5:
                    yield f"### {p['hon']} {p['full']}\n\n{self.statement(p, first=False)}\n\n"
                else:
                    yield f"{self.statement(p, first=True)}\n\n"
            if r.random() < 0.6:
                yield "## Key takeaways\n\n" + "".join(
                    f"{c(['1.', '-', '*'])} {self.fill('{cl}.', cap=True)}\n" for _ in range(r.randrange(2, 6))) + "\n"
            if r.random() < 0.3:
                yield f"> {self.fill(c(TRANSCRIPT_LINES))}\n\n"

    SHAPES = ("narrative", "speakers", "transcript", "minutes", "markdown")

    def document(self, shape: str, target: int) -> bytes:
        """One document of `shape`, about `target` bytes (cut at a line end)."""
        parts: list[bytes] = []
        size = 0
        for block in getattr(self, shape)():
            b = block.encode("utf-8")
            parts.append(b)
            size += len(b)
            if size >= target:
                break
        data = b"".join(parts)
        if len(data) > target:
            # Cut at the last line end before the target when there is one
            # past the first half, so sizes follow the drawn distribution.
            cut = data.rfind(b"\n", target // 2, target)
            data = data[: cut + 1] if cut >= 0 else data
        return data

def folder(g: Gen) -> str:
    r, c = g.r, g.c
    depth = r.randrange(1, 5)
    segs = [str(r.randrange(2005, 2026)),
            c(EVENT).lower().replace(" ", "-"),
            c(["plenary", "workshops", "side-events", "day-0", "open-forums", "youth-track", "annex"]),
            f"room-{r.randrange(1, 12)}"]
    return os.path.join(*segs[:depth])


def generate(out: str, mb: float | None, seed: int, verbose: bool = True,
             docs: int | None = None, max_doc: int = MAX_DOC) -> tuple[int, int]:
    """Write about `mb` MB of documents under `out`, or `docs` documents of at
    most `max_doc` bytes; return (documents, bytes)."""
    g = Gen(seed)
    total_target = int(mb * MB) if docs is None else None
    written = 0
    n = 0
    while n < docs if docs is not None else written < total_target:
        size = int(math.exp(g.r.uniform(math.log(MIN_DOC), math.log(max_doc))))
        if total_target is not None:
            size = max(MIN_DOC, min(size, total_target - written))
        shape = g.c(Gen.SHAPES)
        data = g.document(shape, size)
        ext = ".md" if shape == "markdown" else ".txt"
        rel = os.path.join(folder(g), f"{n:05d}_{shape}{ext}")
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        written += len(data)
        n += 1
        if verbose and n % 50 == 0:
            print(f"  {n} documents, {written / MB:.1f} MB", file=sys.stderr)
    return n, written


def generate_one(out: str, mb: float, seed: int) -> tuple[int, int]:
    """Write `proceedings.txt`: the documents `generate(out, mb, seed)`
    writes, in the order it writes them, joined by a blank line. The same
    text as the many-files corpus of that size and seed, so the two differ
    only in being one document or many."""
    parts_dir = os.path.join(out, ".parts")
    generate(parts_dir, mb, seed, verbose=False)
    docs = []
    for dirpath, _dirs, names in os.walk(parts_dir):
        docs += [os.path.join(dirpath, n) for n in names]
    # Names start with the document's number: generation order.
    docs.sort(key=os.path.basename)
    parts = []
    for path in docs:
        with open(path, "rb") as f:
            parts.append(f.read().rstrip(b"\n") + b"\n")
    data = b"\n".join(parts)
    with open(os.path.join(out, "proceedings.txt"), "wb") as f:
        f.write(data)
    shutil.rmtree(parts_dir)
    return 1, len(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, help="corpus size in MB (10^6 bytes)")
    ap.add_argument("--one-file-mb", type=float, metavar="M", help="write one document of M MB instead")
    ap.add_argument("--docs", type=int, metavar="N", help="write N documents instead")
    ap.add_argument("--max-kb", type=float, default=MAX_DOC / KB, metavar="K",
                    help="with --docs: largest document in KB (default 2000)")
    ap.add_argument("--out", required=True, help="output folder (created; must be empty or absent)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args(argv)
    if [a.mb, a.one_file_mb, a.docs].count(None) != 2:
        ap.error("give exactly one of --mb, --one-file-mb and --docs")
    if a.max_kb * KB <= MIN_DOC:
        ap.error(f"--max-kb must be over {MIN_DOC / KB:g}")
    if os.path.isdir(a.out) and os.listdir(a.out):
        ap.error(f"{a.out} is not empty")
    if a.one_file_mb is not None:
        n, b = generate_one(a.out, a.one_file_mb, a.seed)
    else:
        n, b = generate(a.out, a.mb, a.seed, verbose=not a.quiet,
                        docs=a.docs, max_doc=int(a.max_kb * KB))
    if not a.quiet:
        print(f"wrote {n} documents, {b} bytes ({b / MB:.1f} MB) to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

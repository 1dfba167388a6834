#!/usr/bin/env python3
"""A fictional GIAS-style register for the HTTP benchmarks (tests/bench/*.sh): N schools named
"Oakfield School <URN>" from FIRST_URN, in files of 4,000 rows (register-000.csv, ...) under OUT,
with the columns sif reads among others GIAS carries. --spread puts them in turn in the five
authorities the shipped frameworks serve; without it every school is Wiltshire's.

    gias_register.py OUT N FIRST_URN [--spread]
"""
import sys

out, n, first = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
spread = "--spread" in sys.argv[4:]
head = ("URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
        "EstablishmentStatus (name),PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,Town,Postcode\r\n")
las = [("865", "Wiltshire"), ("801", "Bristol, City of"), ("894", "Telford and Wrekin"), ("856", "Leicester"),
       ("681", "Cardiff")] if spread else [("865", "Wiltshire")]
types = ["Community school", "Voluntary aided school", "Academy converter", "Foundation school", "Voluntary controlled school"]
phases = ["Primary", "Secondary", "Nursery", "All-through"]
chunk = 4000
for part, start in enumerate(range(0, n, chunk)):
    with open(f"{out}/register-{part:03d}.csv", "w", newline="") as f:
        f.write(head)
        for i in range(start, min(n, start + chunk)):
            code, la = las[i % len(las)]
            f.write(f"{first+i},{code},\"{la}\",{2000+i%8000},\"Oakfield School {first+i}\",{types[i%5]},Open,"
                    f"{phases[i%4]},4,11,Trowbridge,BA14 8XX\r\n")

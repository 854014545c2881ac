"""Common French press patterns of the domain, one short article each, written for these tests.

Each case runs through the whole pipeline (ingest record -> spaCy -> normalize -> events) and names the
event it must yield: type, main participant (the initiator: visitor, sender, signer, supplier; for a
meeting or a joint exercise the first-named party), location, date, planned. The cases cover syntax
(passive, reception, coordination, relative clauses, pronoun subjects, datelines, a date given one
sentence earlier, planned events), not particular articles: names are both gazetteer ones and unknown.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from pipeline.records import Article

PUBLISHED = date(2025, 3, 7)  # a Friday: "mardi" = 2025-03-04, "lundi" = 2025-03-03


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    type: str
    main: str | None  # None: not checked (a joint event: nobody leads)
    location: str | None = None  # None: not checked; "" = none (an arms recipient country is no place)
    date: str | None = None      # None: not checked
    planned: bool = False
    participants: tuple[str, ...] = ()  # extra names that must be among the participants
    counterpart: str | None = None


CASES = [
    Case("se-rendre-mardi",
         "Le ministre russe de la Défense, Andreï Belooussov, s'est rendu mardi à Benghazi, "
         "dans l'est de la Libye.",
         "VISIT", "Andreï Belooussov", "Benghazi", "2025-03-04"),
    Case("arrive-lundi",
         "Le président turc Recep Tayyip Erdogan est arrivé lundi à Alger pour une visite officielle.",
         "VISIT", "Recep Tayyip Erdogan", "Alger", "2025-03-03"),
    Case("visite-deux-jours",
         "Le chef d'état-major de l'armée algérienne, Saïd Chengriha, a effectué les 3 et 4 mars "
         "une visite de deux jours au Caire.",
         "VISIT", "Saïd Chengriha", "Le Caire", "2025-03-03/2025-03-04"),
    Case("visite-deux-jours-unknown",
         "Le Premier ministre malien Abdoulaye Maïga a effectué mardi une visite de travail à Moscou.",
         "VISIT", "Abdoulaye Maïga", "Moscou", "2025-03-04"),
    Case("en-visite-a",
         "Le ministre égyptien des Affaires étrangères, Badr Abdelatty, en visite mercredi à Tripoli, "
         "a plaidé pour la tenue rapide d'élections.",
         "VISIT", "Badr Abdelatty", "Tripoli", "2025-03-05"),
    Case("recu-par-passive",
         "Le maréchal Khalifa Haftar a été reçu jeudi à Moscou par le vice-ministre russe de la Défense, "
         "Iounous-Bek Ievkourov.",
         "VISIT", "Khalifa Haftar", "Moscou", "2025-03-06", counterpart="Iounous-Bek Ievkourov"),
    Case("recu-par-passive-us",
         "Le commandant d'Africom, le général Michael Langley, a été reçu mardi à Tripoli par le Premier "
         "ministre Abdelhamid Dbeibah.",
         "VISIT", "Michael Langley", "Tripoli", "2025-03-04", counterpart="Abdelhamid Dbeibah"),
    Case("a-recu-host",
         "Le président Abdelmadjid Tebboune a reçu mardi à Alger le Premier ministre libyen "
         "Abdelhamid Dbeibah.",
         "VISIT", "Abdelhamid Dbeibah", "Alger", "2025-03-04", counterpart="Abdelmadjid Tebboune"),
    Case("entretenu-avec",
         "Sergueï Lavrov s'est entretenu lundi à Moscou avec son homologue égyptien Badr Abdelatty.",
         "MEETING", "Sergueï Lavrov", "Moscou", "2025-03-03", participants=("Badr Abdelatty",)),
    Case("se-sont-rencontres",
         "Aguila Saleh et Hakan Fidan se sont rencontrés mercredi à Ankara.",
         "MEETING", "Aguila Saleh", "Ankara", "2025-03-05", participants=("Hakan Fidan",)),
    Case("delegation-conduite-par",
         "Une délégation militaire russe conduite par le général Iounous-Bek Ievkourov est arrivée "
         "samedi à Bamako.",
         "DELEGATION", "Iounous-Bek Ievkourov", "Bamako", "2025-03-01"),
    Case("delegation-menee-par",
         "Une délégation menée par le ministre nigérien de la Défense, Salifou Mody, est arrivée "
         "dimanche à Ankara.",
         "DELEGATION", "Salifou Mody", "Ankara", "2025-03-02"),
    Case("signe-avec-montant",
         "L'Égypte a signé mardi au Caire avec la France un accord de 4 milliards de dollars pour "
         "l'achat de trente avions de combat.",
         "AGREEMENT", "Égypte", "Le Caire", "2025-03-04", participants=("France",)),
    Case("deux-pays-ont-signe",
         "Le ministre turc de la Défense, Yaşar Güler, s'est rendu mercredi en Libye. "
         "Les deux pays ont signé jeudi à Tripoli un mémorandum de coopération militaire.",
         "AGREEMENT", "Turquie", "Tripoli", "2025-03-06", participants=("Libye",)),
    Case("livre-drones",
         "La Turquie a livré des drones Bayraktar TB2 au Mali en février.",
         "ARMS_TRANSFER", "Turquie", "", "2025-02", counterpart="Mali"),
    Case("livre-capital",
         "Moscou a livré la semaine dernière des hélicoptères de combat au Burkina Faso.",
         # GUIDELINES: the capital's own norm when the article never names the state
         "ARMS_TRANSFER", "Moscou", "", None, counterpart="Burkina Faso"),
    Case("livre-capital-state-named",
         "Moscou a livré la semaine dernière des hélicoptères de combat au Burkina Faso, selon un communiqué du "
         "ministère de la Défense de la Russie.",
         "ARMS_TRANSFER", "Russie", "", None, counterpart="Burkina Faso"),
    Case("receptionne-drones-turcs",
         "Le Niger a réceptionné mardi à Niamey un nouveau lot de drones turcs.",
         "ARMS_TRANSFER", "Turquie", "Niamey", "2025-03-04", counterpart="Niger"),
    Case("exercice-au-large",
         "Les marines russe et algérienne ont mené un exercice naval conjoint au large d'Oran "
         "du 3 au 5 mars.",
         "EXERCISE", "Russie", "Oran", "2025-03-03/2025-03-05", participants=("Algérie",)),
    Case("exercice-a",
         "L'Égypte et l'Arabie saoudite ont conduit un exercice militaire conjoint à Hurghada "
         "du 1er au 4 mars.",
         "EXERCISE", "Égypte", "Hurghada", "2025-03-01/2025-03-04", participants=("Arabie saoudite",)),
    Case("doit-se-rendre",
         "Le président Emmanuel Macron doit se rendre à Alger le 20 mars.",
         "VISIT", "Emmanuel Macron", "Alger", "2025-03-20", planned=True),
    Case("est-attendu",
         "Le maréchal Khalifa Haftar est attendu lundi prochain à Paris.",
         "VISIT", "Khalifa Haftar", "Paris", "2025-03-10", planned=True),
    Case("prevoient-exercice",
         "La Russie et l'Algérie prévoient d'organiser un exercice naval conjoint en Méditerranée en avril.",
         "EXERCISE", "Russie", "Méditerranée", "2025-04", planned=True, participants=("Algérie",)),
    Case("date-previous-sentence",
         "Le 4 mars, les contacts diplomatiques se sont multipliés en Libye. Le chef de la diplomatie "
         "turque, Hakan Fidan, a rencontré à Tripoli le président du Conseil présidentiel, Mohamed Menfi.",
         "MEETING", "Hakan Fidan", "Tripoli", "2025-03-04", participants=("Mohamed el-Menfi",)),
    Case("pronoun-subject",
         "Le vice-ministre russe de la Défense Iounous-Bek Ievkourov a été reçu lundi à Benghazi par "
         "Khalifa Haftar. Il s'est ensuite rendu mercredi à Bamako.",
         "VISIT", "Iounous-Bek Ievkourov", "Bamako", "2025-03-05"),
    Case("coordination-visite",
         "Le ministre algérien des Affaires étrangères, Ahmed Attaf, et le ministre nigérien de la "
         "Défense, Salifou Mody, ont visité samedi Tamanrasset.",
         "VISIT", "Ahmed Attaf", "Tamanrasset", "2025-03-01", participants=("Salifou Mody",)),
    Case("relative-clause",
         "Abdelhamid Dbeibah, qui s'est rendu lundi à Ankara, a plaidé pour un renforcement de la "
         "coopération militaire.",
         "VISIT", "Abdelhamid Dbeibah", "Ankara", "2025-03-03"),
    Case("dateline-arrive",
         "ALGER, 3 mars (APS) - Le ministre nigérien des Affaires étrangères, Bakary Yaou Sangaré, est "
         "arrivé lundi à Alger pour une visite de travail.",
         "VISIT", "Bakary Yaou Sangaré", "Alger", "2025-03-03"),
    Case("gulf-visit",
         "L'émir du Qatar, Tamim ben Hamad Al Thani, s'est rendu jeudi à Washington.",
         "VISIT", "Tamim ben Hamad Al Thani", "Washington", "2025-03-06"),
    Case("fournit-us",
         "Les États-Unis ont fourni mardi des véhicules blindés à l'armée tchadienne.",
         "ARMS_TRANSFER", "États-Unis", "", "2025-03-04", counterpart="Tchad"),
    Case("participle-arrive-recu",
         "Le ministre italien de la Défense, Guido Crosetto, arrivé lundi à Benghazi, a été reçu par "
         "le maréchal Khalifa Haftar.",
         "VISIT", "Guido Crosetto", "Benghazi", "2025-03-03"),
    Case("fronted-en-visite",
         "En visite à Niamey mardi, le ministre turc des Affaires étrangères Hakan Fidan a rencontré le "
         "général Abdourahamane Tiani.",
         "VISIT", "Hakan Fidan", "Niamey", "2025-03-04"),
    Case("telephone",
         "Le président Abdel Fattah al-Sissi s'est entretenu mercredi par téléphone avec le président "
         "émirati Mohammed ben Zayed.",
         "MEETING", "Abdel Fattah al-Sissi", None, "2025-03-05", participants=("Mohammed ben Zayed",)),
    Case("hier-homologue",
         "Le ministre des Affaires étrangères Ahmed Attaf a rencontré hier à Alger son homologue malien "
         "Abdoulaye Diop.",
         "MEETING", "Ahmed Attaf", "Alger", "2025-03-06", participants=("Abdoulaye Diop",)),
    Case("future-tense-visit",
         "Le président Recep Tayyip Erdogan effectuera une visite officielle en Égypte du 12 au 14 mars.",
         "VISIT", "Recep Tayyip Erdogan", "Égypte", "2025-03-12/2025-03-14", planned=True),
    Case("dateline-date",
         "TRIPOLI, 4 mars (AFP) - Le ministre italien de l'Intérieur Matteo Piantedosi est arrivé à "
         "Tripoli pour une visite consacrée aux migrations.",
         "VISIT", "Matteo Piantedosi", "Tripoli", "2025-03-04"),
    Case("passive-livres",
         "Des avions de combat russes ont été livrés jeudi à l'armée malienne.",
         "ARMS_TRANSFER", "Russie", "", "2025-03-06", counterpart="Mali"),
    Case("capital-vend",
         "Ankara a vendu des drones Akinci à l'Algérie.",
         "ARMS_TRANSFER", "Ankara", "", None, counterpart="Algérie"),  # the state is never named
    Case("acquis-russes",
         "L'Algérie a acquis l'an dernier deux sous-marins russes.",
         "ARMS_TRANSFER", "Russie", None, "2024", counterpart="Algérie"),
    Case("delegation-attendue",
         "Une délégation militaire turque est attendue dimanche prochain à Benghazi.",
         "DELEGATION", "Turquie", "Benghazi", "2025-03-09", planned=True),
    Case("pronoun-meeting",
         "Le vice-ministre russe de la Défense Iounous-Bek Ievkourov est arrivé mardi à Bamako. "
         "Il a ensuite rencontré le général Assimi Goïta.",
         "MEETING", "Iounous-Bek Ievkourov", None, "2025-03-04", participants=("Assimi Goïta",)),
    Case("countries-signed",
         "La Russie et l'Égypte ont signé mercredi à Moscou un accord de coopération militaire.",
         "AGREEMENT", "Russie", "Moscou", "2025-03-05", participants=("Égypte",)),
    Case("relative-veille",
         "Le général Michael Langley, qui était arrivé lundi à Tunis, a rencontré mardi le président "
         "Kaïs Saïed.",
         "MEETING", "Michael Langley", "Tunis", "2025-03-04", participants=("Kaïs Saïed",)),
    Case("accueilli-aeroport",
         "Le Premier ministre Abdelhamid Dbeibah a été accueilli mardi à l'aéroport d'Istanbul par le "
         "ministre turc de la Défense Yaşar Güler.",
         "VISIT", "Abdelhamid Dbeibah", "Istanbul", "2025-03-04"),
    Case("exercise-planned-future",
         "Les forces américaines et nigériennes participeront du 10 au 20 mars à un exercice conjoint "
         "à Agadez.",
         "EXERCISE", "États-Unis", "Agadez", "2025-03-10/2025-03-20", planned=True, participants=("Niger",)),
    # conventions v2 (corpus/gold/GUIDELINES.md): the trip and its talks are two rows
    Case("trip-purpose-visit",
         "Le ministre tchadien des Armées, Issakha Malloua Djamouss, doit se rendre à Ankara le mois prochain "
         "pour rencontrer son homologue turc, Yaşar Güler.",
         "VISIT", "Issakha Malloua Djamouss", "Ankara", "2025-04", planned=True),
    Case("trip-purpose-meeting",
         "Le ministre tchadien des Armées, Issakha Malloua Djamouss, doit se rendre à Ankara le mois prochain "
         "pour rencontrer son homologue turc, Yaşar Güler.",
         "MEETING", "Issakha Malloua Djamouss", "Ankara", "2025-04", planned=True),
    Case("talks-after-reception",
         "Le chef de la diplomatie égyptienne, Badr Abdelatty, a été reçu mardi à Benghazi par le maréchal "
         "Khalifa Haftar. La rencontre a porté sur la sécurité des frontières.",
         "MEETING", "Badr Abdelatty", "Benghazi", "2025-03-04", participants=("Khalifa Haftar",)),
    Case("head-of-org",
         "Le Premier ministre du Gouvernement d'union nationale (GUN), Abdelhamid Dbeibah, a reçu mardi "
         "l'ambassadeur de France. Le chef du GUN doit se rendre à Rome la semaine prochaine.",
         "VISIT", "Abdelhamid Dbeibah", "Rome", planned=True),
    Case("delegation-led-by-surface",
         "Tripoli a accueilli mardi une délégation slovaque conduite par le ministre de la Défense "
         "Robert Kaliňák, selon un communiqué.",
         "DELEGATION", "Robert Kaliňák"),
    Case("deployment-other",
         "La Russie a déployé en janvier plusieurs centaines de soldats au Niger, selon une source sécuritaire.",
         "OTHER", "Russie", "Niger", "2025-01"),
    Case("capital-by-demonym",
         "Le président sénégalais Bassirou Diomaye Faye est arrivé lundi dans la capitale mauritanienne "
         "pour une visite de deux jours.",
         "VISIT", "Bassirou Diomaye Faye", "Nouakchott", "2025-03-03"),
    Case("venue-gives-city",
         "Le ministre italien de la Défense s'est rendu lundi à Rome au palais Chigi. Le président du Niger "
         "Abdourahamane Tiani s'est entretenu mardi au palais Chigi avec Giorgia Meloni.",
         "MEETING", "Abdourahamane Tiani", "Rome", "2025-03-04"),
    Case("supplier-demonym-on-goods",
         "Niamey avait déjà reçu des blindés chinois en janvier.",
         "ARMS_TRANSFER", "Chine", date="2025-01", counterpart="Niamey"),  # the state is never named
    Case("repeated-dates-first",
         "Ouagadougou a réceptionné des drones turcs en octobre 2023 et en février dernier.",
         "ARMS_TRANSFER", "Turquie", date="2023-10"),
    Case("repeated-dates-second",
         "Ouagadougou a réceptionné des drones turcs en octobre 2023 et en février dernier.",
         "ARMS_TRANSFER", "Turquie", date="2025-02"),
    Case("trip-then-reception-meeting",
         "Le ministre nigérien de la Défense, Salifou Mody, s'est rendu jeudi à Alger, où il a été reçu "
         "par le président Abdelmadjid Tebboune.",
         "MEETING", "Salifou Mody", "Alger", "2025-03-06", participants=("Abdelmadjid Tebboune",)),
    Case("trip-then-reception-visit",
         "Le ministre nigérien de la Défense, Salifou Mody, s'est rendu jeudi à Alger, où il a été reçu "
         "par le président Abdelmadjid Tebboune.",
         "VISIT", "Salifou Mody", "Alger", "2025-03-06"),
    Case("ongoing-supply-since",
         "La Russie fournit depuis janvier des hélicoptères de combat à l'armée malienne.",
         "ARMS_TRANSFER", "Russie", date=""),
    Case("topic-place-is-not-venue",
         "Le ministre algérien des Affaires étrangères, Ahmed Attaf, s'est entretenu mardi avec son homologue "
         "italien, Antonio Tajani, de la situation au Sahel.",
         "MEETING", "Ahmed Attaf", "", "2025-03-04", counterpart="Antonio Tajani"),
    Case("instructors-arrived-dont",
         "Washington s'inquiète de l'influence de la Turquie, dont des instructeurs militaires sont arrivés "
         "lundi à Misrata.",
         "OTHER", "Turquie", "Misrata", "2025-03-03"),
    Case("mission-withdrawal",
         "Le retrait de la Mission des Nations unies au Mali (Minusma) s'est achevé en décembre.",
         "OTHER", "Mission des Nations unies au Mali", date="2024-12"),
    Case("soldiers-withdrawn",
         "La France a retiré mardi ses derniers soldats du Sénégal.",
         "OTHER", "France", date="2025-03-04"),
    Case("denounced-agreement-was-signed",
         "Le Tchad a dénoncé en novembre l'accord de coopération de défense conclu avec la France en 2019.",
         "AGREEMENT", "France", date="2019"),
    Case("framed-agreement-with-own-date",
         "Ces manœuvres s'inscrivent dans le cadre du protocole d'accord de coopération militaire conclu en "
         "novembre 2019 entre Ankara et Tripoli.",
         "AGREEMENT", "Turquie", date="2019-11"),
    Case("arrival-of-instructors-noun",
         "Alger s'inquiète de l'arrivée d'instructeurs turcs au Niger.",
         "OTHER", "Turquie", "Niger"),
    Case("quoted-exercise-name-is-no-party",
         "Le Pakistan et la Chine ont signé mardi un accord de défense. Les deux parties ont aussi annoncé un "
         "exercice aérien conjoint, « Faucon du désert », prévu en mai au Xinjiang.",
         "EXERCISE", "Pakistan", "Xinjiang", planned=True, participants=("Chine",)),
    Case("maker-names-the-supplier",
         "Le Mali a réceptionné jeudi deux drones fabriqués par l'entreprise turque Baykar.",
         "ARMS_TRANSFER", "Turquie", date="2025-03-06", counterpart="Mali"),
    Case("ceremony-place",
         "Les Émirats arabes unis ont remis mardi à l'armée tchadienne des blindés lors d'une cérémonie "
         "organisée sur la base aérienne d'Abéché.",
         "ARMS_TRANSFER", "Émirats arabes unis", "Abéché", "2025-03-04"),
    Case("seat-of-power-venue",
         "Le président mauritanien Mohamed Ould Ghazouani a été reçu jeudi à l'Élysée par Emmanuel Macron.",
         "VISIT", "Mohamed Ould Ghazouani", "Élysée", "2025-03-06"),
    Case("reception-while-emirate-multiplies-contacts",
         "Le président du Conseil présidentiel, Mohamed el-Menfi, a été reçu lundi à Doha par l'émir du Qatar, "
         "au moment où l'émirat multiplie les contacts avec l'est de la Libye.",
         "VISIT", "Mohamed el-Menfi", "Doha", "2025-03-03"),
    Case("new-exercise-after-one",
         "Les marines turque et libyenne ont mené mardi un exercice conjoint au large de Misrata. "
         "Un nouvel exercice pourrait se tenir en juin.",
         "EXERCISE", "Turquie", date="2025-06", planned=True),
    Case("son-named-in-apposition",
         "Le Qatar a reçu lundi le fils du maréchal Khalifa Haftar, Saddam Haftar, qui commande les forces terrestres.",
         "VISIT", "Saddam Haftar", date="2025-03-03", counterpart="Qatar"),
    Case("pronoun-in-relative-clause",
         "Le maréchal Khalifa Haftar a reçu lundi l'ambassadeur d'Italie. M. Dbeibah, dont le mandat est contesté, "
         "s'était rendu la veille à Ankara, où il avait rencontré Recep Tayyip Erdogan.",
         "MEETING", "Abdelhamid Dbeibah", "Ankara", participants=("Recep Tayyip Erdogan",)),
    Case("copula-with-date-then-reception",
         "Le ministre turc de la Défense, Yaşar Güler, était lundi à Benghazi où il a été reçu par le maréchal "
         "Khalifa Haftar.",
         "MEETING", "Yaşar Güler", "Benghazi", "2025-03-03", participants=("Khalifa Haftar",)),
    Case("lot-of-drones-received",
         "Les Forces armées nigériennes ont réceptionné lundi à Niamey un lot de drones turcs.",
         "ARMS_TRANSFER", "Turquie", None, "2025-03-03"),
    Case("train-pilots",
         "Aux termes du mémorandum, l'Italie s'engage à former une quarantaine de pilotes tchadiens d'ici à l'automne.",
         "EXERCISE", "Italie", None, "2025-09/2025-11", planned=True, counterpart="Tchad"),
    Case("agreed-to-hold-manoeuvres",
         "Le ministre égyptien de la Défense a reçu lundi au Caire son homologue grec, Nikos Dendias. "
         "Les deux pays sont convenus d'organiser des manœuvres navales conjointes du 12 au 15 octobre.",
         "EXERCISE", None, None, "2025-10-12/2025-10-15", planned=True),
    Case("expected-for-mid-month",
         "Le président sénégalais Bassirou Diomaye Faye est attendu à Ankara pour mi-novembre, selon la présidence turque.",
         "VISIT", "Bassirou Diomaye Faye", "Ankara", "2025-11-11/2025-11-20", planned=True),
    Case("announced-for-early-month",
         "Un exercice naval conjoint entre l'Algérie et la Russie est annoncé pour début novembre au large d'Oran.",
         "EXERCISE", None, "Oran", "2025-11-01/2025-11-10", planned=True),
    Case("received-for-working-session",
         "Le chef de la diplomatie tunisienne, Mohamed Ali Nafti, a été reçu lundi à Madrid par son homologue "
         "espagnol, José Manuel Albares, pour une séance de travail consacrée aux migrations.",
         "MEETING", "Mohamed Ali Nafti", "Madrid", "2025-03-03", counterpart="José Manuel Albares"),
    Case("office-names-previous-subject",
         "Mohamed el-Menfi est rentré satisfait de Rome. Le président du Conseil présidentiel libyen, en visite "
         "officielle en Italie depuis lundi, a signé mardi avec Giorgia Meloni un mémorandum sur la sécurité.",
         "AGREEMENT", "Mohamed el-Menfi", None, "2025-03-04", counterpart="Giorgia Meloni"),
    Case("place-of-a-force-is-not-the-meeting-place",
         "Le général Michael Langley, commandant des forces américaines en Afrique, s'est entretenu lundi "
         "avec le maréchal Khalifa Haftar.",
         "MEETING", "Michael Langley", "", "2025-03-03", counterpart="Khalifa Haftar"),
    Case("place-of-a-topic-is-not-the-visit-place",
         "Le ministre tunisien de la Défense a reçu lundi son homologue algérien pour évoquer la lutte contre "
         "les groupes armés au Sahel.",
         "VISIT", "Algérie", "", "2025-03-03"),
    Case("second-trip-after-first",
         "Au lendemain de sa visite à Rabat, le ministre mauritanien de la Défense, Hanena Ould Sidi, "
         "s'est rendu mardi à Dakar.",
         "VISIT", "Hanena Ould Sidi", "Dakar", "2025-03-04"),
    Case("date-parsed-as-verb",
         "La marine royale marocaine et l'Armada espagnole ont mené l'an passé leur premier exercice naval "
         "commun au large de Tanger.",
         "EXERCISE", None, "Tanger", "2024"),
    Case("reception-with-guest-lost-by-parser",
         "Le général Sadio Camara, arrivé à Ankara lundi pour une visite de deux jours, avait été reçu par "
         "le ministre turc de la Défense, Yaşar Güler.",
         "MEETING", "Sadio Camara", "Ankara", None, counterpart="Yaşar Güler"),
    Case("pronoun-is-last-subject-not-hero",
         "Le général Sadio Camara s'est rendu lundi à Ankara, où il a été reçu par Yaşar Güler. "
         "Le président de la transition, Assimi Goïta, a salué sur X « un partenariat exemplaire ». "
         "Il doit lui-même se rendre en Turquie en juin.",
         "VISIT", "Assimi Goïta", "Turquie", "2025-06", planned=True),
    Case("place-of-a-purpose-is-not-the-meeting-place",
         "Le ministre italien des Affaires étrangères, Antonio Tajani, a été reçu jeudi par le président tunisien "
         "Kaïs Saïed pour une rencontre destinée à relancer le processus de paix en Libye.",
         "MEETING", "Antonio Tajani", "", "2025-03-06", counterpart="Kaïs Saïed"),
    Case("reception-during-visit-trip",
         "Le président tunisien Kaïs Saïed a reçu lundi à Tunis le ministre italien de la Défense, Guido Crosetto, "
         "en visite officielle en Tunisie du 2 au 4 mars.",
         "VISIT", "Guido Crosetto", None, "2025-03-02/2025-03-04"),
    Case("reception-during-visit-talks",
         "Le président tunisien Kaïs Saïed a reçu lundi à Tunis le ministre italien de la Défense, Guido Crosetto, "
         "en visite officielle en Tunisie du 2 au 4 mars.",
         "MEETING", "Kaïs Saïed", "Tunis", "2025-03-03", counterpart="Guido Crosetto"),
    Case("first-visit-since-year",
         "Le président turc Recep Tayyip Erdogan a été accueilli mercredi à Alger par son homologue algérien "
         "Abdelmadjid Tebboune, pour sa première visite en Algérie depuis 2018.",
         "VISIT", "Recep Tayyip Erdogan", None, "2025-03-05"),
    Case("both-delegations-are-both-sides",
         "Le président mauritanien a reçu jeudi à Nouakchott une délégation turque conduite par le ministre de la "
         "Défense, Yaşar Güler. Les deux délégations ont signé un accord de coopération militaire.",
         "AGREEMENT", "Turquie", None, None, participants=("Mauritanie",)),
    Case("delegation-received-by-host-is-led-by-guest",
         "Le ministre turc de la Défense, Yaşar Güler, est arrivé jeudi à Nouakchott à la tête d'une importante "
         "délégation, reçue par le président mauritanien.",
         "DELEGATION", "Yaşar Güler", "Nouakchott", "2025-03-06"),
    Case("purchase-from-the-story-partner",
         "Le ministre turc de la Défense, Yaşar Güler, a été reçu lundi à Niamey par le président nigérien, "
         "le général Abdourahamane Tiani. Le Niger avait déjà reçu en novembre six drones de combat.",
         "ARMS_TRANSFER", "Turquie", "", "2024-11", counterpart="Niger"),
    Case("sale-approved-by-a-ministry",
         "Le département d'État a approuvé une vente de missiles Patriot au Koweït pour 4 milliards de dollars.",
         "ARMS_TRANSFER", "États-Unis", "", None, counterpart="Koweït"),
    Case("arrival-date-is-not-the-talks-date",
         "Le ministre italien de l'Intérieur, Matteo Piantedosi, a achevé jeudi une visite de deux jours en Libye. "
         "Le ministre, arrivé la veille à Tripoli, s'est entretenu avec le Premier ministre Abdelhamid Dbeibah.",
         "MEETING", "Matteo Piantedosi", "Tripoli", "2025-03-06"),
    Case("earlier-treaty-takes-no-place-from-the-visit",
         "Le commandant de la marine russe est arrivé lundi à Bandar Abbas, où il a rencontré le général Mohammad "
         "Bagheri. Téhéran et Moscou avaient signé le 17 janvier un traité de partenariat stratégique.",
         "AGREEMENT", None, "", "2025-01-17"),
    Case("first-tour-since-taking-office",
         "Le général Michael Langley a atterri dimanche à Tripoli pour sa première tournée libyenne depuis sa "
         "prise de fonctions en août.",
         "VISIT", "Michael Langley", "Tripoli", "2025-03-02"),
    Case("both-leaders-of-a-nationality",
         "Le maréchal Khalifa Haftar a été reçu mardi à Paris. Le Premier ministre Fayez al-Sarraj était aussi "
         "présent. L'émissaire de l'ONU, Ghassan Salamé, a salué la rencontre. Les deux dirigeants libyens "
         "s'étaient déjà rencontrés à Abou Dhabi en mai.",
         "MEETING", None, "Abou Dhabi", "2024-05", participants=("Khalifa Haftar", "Fayez al-Sarraj")),
    Case("companion-is-not-the-guest",
         "Le Premier ministre malien, Choguel Maïga, est arrivé lundi à Moscou. Le chef du gouvernement de "
         "transition, accompagné du ministre de la Défense, le général Sadio Camara, a été reçu mardi par le "
         "vice-ministre russe de la Défense, Iounous-Bek Ievkourov.",
         "MEETING", "Choguel Kokalla Maïga", "Moscou", "2025-03-04", counterpart="Iounous-Bek Ievkourov"),
    Case("both-parties-are-the-states",
         "L'Égypte et la Grèce ont signé mardi un accord de défense. Le général Ahmed Khalifa a ensuite été reçu "
         "par le ministre grec Nikos Dendias. Les deux parties ont aussi annoncé un exercice naval conjoint.",
         "EXERCISE", None, None, None, participants=("Égypte", "Grèce")),
    Case("flew-to-then-received-next-day",
         "Le président sénégalais Bassirou Diomaye Faye s'est envolé mardi pour le Maroc, où il a été reçu le "
         "lendemain à Rabat par le roi Mohammed VI.",
         "MEETING", "Bassirou Diomaye Faye", None, "2025-03-05"),
    Case("state-that-hosts-is-the-place",
         "L'Algérie a reçu mi-février le chef d'état-major nigérien, le général Moussa Salaou Barmou.",
         "VISIT", "Moussa Salaou Barmou", "Algérie", "2025-02-11/2025-02-20"),
    Case("denounced-agreement-signed-earlier",
         "Le départ des troupes a été exigé fin novembre par les autorités tchadiennes, qui ont dénoncé l'accord "
         "de coopération de défense signé avec Paris en 2019.",
         "OTHER", "Tchad", None, "2024-11-21/2024-11-30"),
    Case("partitive-guests-after-the-place",
         "Le ministre égyptien de la Défense a reçu au Caire des chefs de tribus tchadiens, lundi.",
         "VISIT", "Tchad", "Le Caire", "2025-03-03", counterpart="Égypte"),
    Case("arrived-in-the-capital-of-a-demonym",
         "Le Premier ministre malien Abdoulaye Maïga, arrivé mardi dans la capitale algérienne, était accompagné "
         "du ministre de la Défense, le général Sadio Camara.",
         "VISIT", "Abdoulaye Maïga", "Alger", "2025-03-04"),
    Case("est-arrive-is-not-a-passive",
         "Le ministre turc de la Défense, Yaşar Güler, a signé un accord à Ankara. Le ministre turc est arrivé "
         "vendredi soir à Niamey, accompagné du patron de l'industrie de défense turque, Haluk Görgün.",
         "VISIT", "Yaşar Güler", "Niamey", "2025-03-07"),
    Case("own-phrase-place-before-a-relative-clause-place",
         "La Turquie, qui a déjà envoyé des drones au Mali, pourrait déployer un premier contingent au Niger "
         "d'ici la fin de l'année.",
         "OTHER", "Turquie", "Niger", None, planned=True),
    Case("joint-committee-of-the-two-states",
         "La Mauritanie et le Sénégal ont signé mardi un accord de défense. Une commission militaire mixte doit se "
         "réunir à Nouakchott début septembre.",
         "MEETING", None, "Nouakchott", "2025-09-01/2025-09-10", planned=True, participants=("Mauritanie", "Sénégal")),
    Case("withdrawal-from-country",
         "La France, qui a retiré mardi ses derniers soldats du Sénégal, réorganise son dispositif en Afrique.",
         "OTHER", "France", "Sénégal", "2025-03-04"),
    Case("venue-named-with-palais-gives-the-city",
         "Le Premier ministre libyen a été reçu mardi à Tunis. Il s'est entretenu le même jour au palais de Carthage "
         "avec le président Kaïs Saïed.",
         "MEETING", None, "Tunis", "2025-03-04"),
    Case("venue-keeps-its-name-over-a-city-in-a-relative-clause",
         "Mardi, le président nigérien a été reçu à l'Élysée par le ministre des Armées, Sébastien Lecornu, "
         "qui a annoncé une aide de 10 millions d'euros pour la reconstruction de Diffa.",
         "VISIT", "Niger", "Élysée", "2025-03-04"),
    Case("place-of-the-meeting-from-the-next-sentence",
         "Le chef du Conseil présidentiel libyen, Mohamed el-Menfi, a été reçu mardi par le président Emmanuel "
         "Macron pour une rencontre consacrée à la crise libyenne. Au terme de la réunion, organisée au château "
         "de Rambouillet, les deux hommes ont appelé à des élections.",
         "MEETING", "Mohamed el-Menfi", "Rambouillet", "2025-03-04"),
    Case("place-in-a-relative-clause-on-a-thing-is-not-the-event-place",
         "Les deux ministres ont signé mardi trois accords, dont un sur la relance de l'oléoduc, qui doit relier "
         "le Tchad au Cameroun.",
         "AGREEMENT", None, ""),
    Case("place-noun-with-a-demonym-is-the-country",
         "Les armées de l'air marocaine et française ont mené mardi des manœuvres conjointes dans le ciel marocain.",
         "EXERCISE", None, "Maroc", "2025-03-04", participants=("Maroc", "France")),
    Case("opening-subject-before-a-dont-clause",
         "M. Menfi, dont la légitimité est contestée par le Parlement de Tobrouk, s'était rendu mardi à Rome, où il "
         "avait rencontré Giorgia Meloni.",
         "VISIT", "Mohamed el-Menfi", "Rome", "2025-03-04"),
    Case("hosting-state-with-a-detached-subject",
         "L'Algérie, longtemps considérée comme un médiateur discret, a reçu mardi le chef du Conseil présidentiel "
         "libyen, Mohamed el-Menfi.",
         "VISIT", "Mohamed el-Menfi", "Algérie", "2025-03-04"),
    Case("the-two-leaders-are-the-last-two-named",
         "Le président sénégalais Bassirou Diomaye Faye est arrivé jeudi à Nouakchott à l'invitation du président "
         "Mohamed Ould Ghazouani. Les deux dirigeants se sont entretenus vendredi au palais présidentiel.",
         "MEETING", None, "Nouakchott", "2025-03-07",
         participants=("Bassirou Diomaye Faye", "Mohamed Ould Ghazouani")),
    Case("capital-norm-when-the-state-is-never-named",
         "Pékin cherche à renforcer sa présence en Afrique. Des instructeurs chinois sont arrivés mardi à Djibouti.",
         "OTHER", "Pékin", "Djibouti", "2025-03-04"),
    Case("state-norm-when-the-state-is-named",
         "Pékin cherche à renforcer sa présence en Afrique, où la Chine multiplie les accords. Des instructeurs "
         "chinois sont arrivés mardi à Djibouti.",
         "OTHER", "Chine", "Djibouti", "2025-03-04"),
    Case("named-ships-are-no-parties",
         "Deux navires de la marine algérienne, le destroyer Amir Abdelkader et la corvette Souq Ahras, ont accosté "
         "mardi dans le port de Tobrouk. L'Algérie renforce sa présence en Libye.",
         "VISIT", "Algérie", "Tobrouk", "2025-03-04"),
    Case("venue-does-not-take-the-city-of-another-trip",
         "Une délégation italienne est arrivée lundi à Tripoli. Le président tunisien Kaïs Saïed avait été reçu au "
         "palais du Quirinal en mai dernier, lors d'une visite d'État de deux jours.",
         "VISIT", "Kaïs Saïed", "Palais du Quirinal", "2024-05"),
    Case("finalising-a-purchase-is-an-agreement",
         "Une délégation militaire marocaine conduite par le général Mohammed Berrid séjourne depuis lundi à Ankara, "
         "où elle doit finaliser l'achat de drones Akinci.",
         "AGREEMENT", "Mohammed Berrid", "Ankara", None, planned=True),
    Case("a-bare-consignment-is-a-delivery-under-the-deal-just-told",
         "La Turquie a vendu mardi douze drones Akinci au Maroc. La première tranche, d'une valeur de 60 millions "
         "de dollars, devrait être livrée avant la fin de l'année.",
         "ARMS_TRANSFER", "Turquie", "", "2025-10/2025-12", planned=True, participants=("Maroc",)),
    Case("participle-on-a-noun-keeps-out-of-the-main-clause",
         "Rome, qui dispose d'instructeurs à Misrata au titre d'un accord signé avec Tripoli, avait déjà ouvert un "
         "consulat à Benghazi en 2021.",
         "AGREEMENT", None, "", ""),
    Case("place-of-an-earlier-visit-in-an-adjunct-is-not-the-event-place",
         "Le général Tiani a dénoncé mardi l'accord de défense avec Paris, après une visite tendue à Niamey d'une "
         "délégation française.",
         "OTHER", "Abdourahamane Tiani", "", "2025-03-04"),
    Case("date-of-a-participle-on-another-noun",
         "Ankara vend déjà au gouvernement de Tripoli des drones armés, en dépit de l'embargo sur les armes "
         "décrété par l'ONU en 2011.",
         "ARMS_TRANSFER", "Ankara", None, ""),
    Case("since-date-is-not-lent-to-the-next-sentence",
         "Le gouvernement fait face depuis le 4 avril à une offensive des forces de l'est. Ankara fournit au "
         "gouvernement des véhicules blindés.",
         "ARMS_TRANSFER", "Ankara", None, ""),
    # a one-line reception whose guest the parser hung on the place ("a reçu lundi à X le maréchal Y")
    Case("one-line-reception-guest-after-date-and-place",
         "Le président Abdou Sanoussi Karimou a reçu vendredi à Niamey le général Stephen Townsend.",
         "VISIT", "Stephen Townsend", "Niamey", "2025-03-07", participants=("Abdou Sanoussi Karimou",)),
    Case("counterpart-named-after-title-and-demonym",
         "Mardi, à Bakou, le ministre azerbaïdjanais de la Défense Zakir Hasanov a reçu son homologue nigérian "
         "Mohammed Badaru Abubakar.",
         "VISIT", "Mohammed Badaru Abubakar", "Bakou", "2025-03-04", participants=("Zakir Hasanov",)),
    Case("supplier-in-a-participle-by-agent",
         "Le Burkina Faso a réceptionné jeudi à Ouagadougou quatre hélicoptères de combat fournis par la Russie.",
         "ARMS_TRANSFER", "Russie", "Ouagadougou", "2025-03-06", participants=("Burkina Faso",)),
    Case("supplier-in-a-participle-bought-from",
         "Le Togo a reçu mercredi deux patrouilleurs achetés à la France, selon la marine togolaise.",
         "ARMS_TRANSFER", "France", None, "2025-03-05", participants=("Togo",)),
    Case("palace-is-a-place-not-a-party",
         "Le Premier ministre Youssef Bennani a reçu lundi au palais royal de Fès le président mauritanien Ahmed Ould Taya.",
         "VISIT", "Ahmed Ould Taya", None, "2025-03-03", participants=("Youssef Bennani",)),
    Case("standing-agreements-are-no-signing",
         "Le Maroc entretient depuis longtemps des accords de défense avec les Émirats arabes unis. Le ministre "
         "émirati de la Défense a signé mardi à Rabat un accord de coopération militaire avec son homologue marocain, "
         "Youssef Bennani.",
         "AGREEMENT", None, "Rabat", "2025-03-04"),
    Case("demonym-title-is-not-the-host-named-before",
         "Le président Hédi Ben Salem a reçu lundi le ministre de la Défense de la République de Corée, le général Lee "
         "Jae-hoon, en visite officielle en Tunisie. Le ministre coréen doit se rendre mercredi à Sousse.",
         "VISIT", "Lee Jae-hoon", "Sousse", "2025-03-12", planned=True),
    Case("signing-at-the-end-of-the-talks-takes-their-place",
         "Le ministre ghanéen de la Défense, Omane Boamah, s'est entretenu mardi à Accra avec son homologue "
         "burkinabè. À l'issue des entretiens, les deux ministres ont signé un protocole sur le renseignement.",
         "AGREEMENT", None, "Accra", "2025-03-04"),
    # a port call mis-tagged by the tagger ("fait escale" read as an adjective), told in the past: the navy's state,
    # and "une première depuis 2011" is no date of the call
    Case("port-call-of-a-navy-is-its-state",
         "Le 3 mars, le navire-hôpital Vulcano de la Marine italienne avait fait escale à Misrata, une première "
         "depuis 2014.", "VISIT", "Italie", "Misrata", "2025-03-03", counterpart="Libye"),
    Case("port-call-in-the-past-with-an-adjective-tag",
         "En octobre dernier, deux bâtiments de la marine sud-coréenne avaient fait escale à Durban, principal port du pays.",
         "VISIT", "Corée du Sud", "Durban", "2024-10"),
    # naval exercises: the navies are their states, "les deux marines" the two states just named
    Case("exercise-of-two-navies-named-by-adjectives",
         "Dimanche, les marins indonésiens et malaisiens ont mené ensemble un exercice de lutte contre la piraterie "
         "au large de Batam.", "EXERCISE", None, "Batam", "2025-03-02", participants=("Indonésie", "Malaisie")),
    Case("exercise-of-the-two-navies-after-two-states",
         "Le Ghana et le Togo renforcent leur coopération maritime. Les deux marines doivent organiser en mai un "
         "exercice d'abordage au large de Tema.", "EXERCISE", None, "Tema", "2025-05", planned=True,
         participants=("Ghana", "Togo")),
    # equipment received: the partitive names the goods, the participle where they were bought (not the place)
    Case("received-the-first-of-aircraft-bought-from-a-state",
         "La Roumanie a réceptionné en avril les quatre premiers des dix-huit Rafale d'occasion achetés à la France.",
         "ARMS_TRANSFER", "France", "", "2024-04", counterpart="Roumanie"),
    Case("took-delivery-of-systems",
         "La Lettonie a pris livraison mardi de deux systèmes de défense antiaérienne.",
         "ARMS_TRANSFER", None, None, "2025-03-04", counterpart="Lettonie"),
    # the guest hung by the parser on the place phrase; the host of a reception during a told trip leads the talks
    Case("guest-after-a-palace",
         "Le président Ahmed Ould Bakar a reçu mardi au palais présidentiel de Nouakchott le général Karim Tazi, "
         "porteur d'un message du roi.", "VISIT", "Karim Tazi", "Nouakchott", "2025-03-04",
         counterpart="Ahmed Ould Bakar"),
    Case("host-leads-the-reception-during-a-told-trip",
         "Le vice-ministre russe de la Défense, Iouri Belkine, est arrivé lundi à Niamey. Le général Moussa Garba "
         "a reçu mardi le vice-ministre russe, qui lui a transmis un message.", "MEETING", "Moussa Garba", "Niamey",
         "2025-03-04", participants=("Iouri Belkine",)),
    # the supplier of received equipment: a demonym after an origin word, a company after "auprès de"
    Case("supplier-by-demonym-after-fabrication",
         "Le Niger a réceptionné mardi un nouveau lot de drones armés de fabrication chinoise.",
         "ARMS_TRANSFER", "Chine", None, "2025-03-04", counterpart="Niger"),
    Case("supplier-company-after-aupres-de",
         "Le Qatar avait déjà acquis en 2023 des blindés auprès de Rheinmetall.",
         "ARMS_TRANSFER", "Rheinmetall", None, "2023", counterpart="Qatar"),
    # an opening participle tells the trip, with the subject of the clause it opens; the reception is a meeting
    Case("opening-participle-tells-the-trip",
         "Arrivé mardi à Lomé, le général Ousmane Bakary avait été reçu le jour même par le chef d'état-major "
         "togolais, le général Dadja Kodjo.",
         "VISIT", "Ousmane Bakary", "Lomé", "2025-03-04"),
    Case("reception-after-an-opening-participle-is-a-meeting",
         "Arrivé mardi à Lomé, le général Ousmane Bakary avait été reçu le jour même par le chef d'état-major "
         "togolais, le général Dadja Kodjo.",
         "MEETING", "Ousmane Bakary", "Lomé", "2025-03-04", participants=("Dadja Kodjo",)),
    # "près de X" names where it happened, even when the parser hangs "près" on the noun before
    Case("near-a-place-is-the-place",
         "Mardi, les marines béninoise et togolaise ont effectué un exercice de lutte contre la piraterie près de Grand-Popo.",
         "EXERCISE", None, "Grand-Popo", "2025-03-04"),
]


def _main(e) -> str:
    return e.initiator or (e.participants[0] if e.participants else "")


def _describe(events) -> str:
    return "\n".join(
        f"  {e.type} main={_main(e)!r} init={e.initiator!r} cp={e.counterpart!r} parts={e.participants} "
        f"loc={e.location!r} date={e.date!r} planned={e.planned} trig={e.trigger!r}"
        for e in events
    ) or "  (no event)"


def _run(press, texts: dict[str, str]) -> dict:
    """One short article per text, published on PUBLISHED; results keyed like `texts`."""
    articles = [Article(id=f"pat-{key}", text=text, published=PUBLISHED) for key, text in texts.items()]
    return {r.article.id[4:]: r for r in press.process(articles)}


@pytest.fixture(scope="module")
def results(press):
    return _run(press, {c.id: c.text for c in CASES})


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_pattern(results, case):
    events = results[case.id].events
    typed = [e for e in events if e.type == case.type]
    assert typed, f"no {case.type} event in {case.text!r}:\n{_describe(events)}"
    mains = [e for e in typed if case.main is None or _main(e) == case.main]
    assert mains, f"main participant {case.main!r} expected:\n{_describe(events)}"
    # several events with this actor ("reçu à Benghazi ... puis s'est rendu à Bamako"): the one at the expected place
    # and, for a repeated event ("en octobre et en février"), the occurrence at the expected date
    at_place = [e for e in mains if case.location is None or e.location == case.location] or mains
    ev = next((e for e in at_place if case.date is None or e.date == case.date), at_place[0])
    problems = []
    if case.location is not None and ev.location != case.location:
        problems.append(f"location {ev.location!r} != {case.location!r}")
    if case.date is not None and ev.date != case.date:
        problems.append(f"date {ev.date!r} != {case.date!r}")
    if ev.planned != case.planned:
        problems.append(f"planned {ev.planned} != {case.planned}")
    if case.counterpart is not None and ev.counterpart != case.counterpart:
        problems.append(f"counterpart {ev.counterpart!r} != {case.counterpart!r}")
    for name in case.participants:
        if name not in ev.participants:
            problems.append(f"{name!r} not among participants")
    assert not problems, "; ".join(problems) + f"\n{_describe(events)}"


# (id, text, type that must NOT be extracted): look-alikes of a pattern
NON_EVENTS = [
    ("reception-with-no-host-during-a-state-visit-is-that-visit",
     "Le président Sissi avait été reçu à l'Élysée en décembre dernier, lors d'une visite d'État de trois jours.",
     "MEETING"),
    ("first-time-that-restates-the-event",
     "Deux frégates turques ont accosté mardi dans le port de Misrata. C'est la première fois depuis 2020 que des "
     "navires de guerre turcs font escale en Libye.", "VISIT-2"),
    ("a-capital-as-a-place-does-not-rename-the-state",
     "Le président mauritanien est arrivé mardi à Nouakchott après une visite au Mali.", "PARTY:Nouakchott"),
    ("career-summed-up-in-a-list-of-capitals",
     "Le général Tiani est arrivé lundi à Alger. Il avait déjà été reçu à Moscou, à Ankara, à Téhéran et à Rabat.",
     "MEETING"),
    ("grain-cargo", "Le Niger a reçu lundi une cargaison de 30 000 tonnes de riz offerte par la Chine.", "ARMS_TRANSFER"),
    ("received-by-a-minister",
     "Le chef d'état-major libyen a été reçu mardi au ministère de la Défense par le ministre Guido Crosetto, "
     "en présence de plusieurs responsables militaires.", "ARMS_TRANSFER"),
    # standing relations and talks with everyone report no single occurrence
    ("standing-defence-agreements", "Dakar entretient par ailleurs des accords de défense avec Paris et Washington.",
     "AGREEMENT"),
    ("talks-with-all-parties", "Rabat discute avec toutes les factions maliennes, selon un diplomate.", "MEETING"),
    # an agency that only reports is no party
    ("agency-that-reports", "Selon une source militaire jointe par l'AFP, un contrat de fourniture de deux hélicoptères "
     "a été signé mardi avec la Russie.", "PARTY:Agence France-Presse"),
]


@pytest.fixture(scope="module")
def non_event_results(press):
    return _run(press, {i: text for i, text, _ in NON_EVENTS})


@pytest.mark.parametrize("case", NON_EVENTS, ids=[c[0] for c in NON_EVENTS])
def test_look_alike_is_not_that_event(non_event_results, case):
    id_, text, type_ = case
    events = non_event_results[id_].events
    if type_.startswith("PARTY:"):  # that name is no party of any event
        name = type_.split(":", 1)[1]
        assert not [e for e in events if name in e.participants], f"{name} as a party:\n{_describe(events)}"
    elif type_.endswith("-2"):  # one event of that type, not two
        assert len([e for e in events if e.type == type_[:-2]]) == 1, f"{type_} in {text!r}:\n{_describe(events)}"
    else:
        assert not [e for e in events if e.type == type_], f"{type_} in {text!r}:\n{_describe(events)}"


def test_enough_cases():
    assert len(CASES) >= 25


def test_possessive_in_a_fronted_adjunct_is_the_subject_after_it(press):
    """"Au lendemain de sa visite aux Émirats, X devait ...": 'sa' is X, not the last person named before,
    and that visit is the reception told earlier (a city and its country), not a second trip."""
    text = ("Le général Mahamat Idriss Déby a été reçu mardi à Abou Dhabi par Mohammed ben Zayed. Le ministre "
            "Khalifa Haftar n'a fait aucun commentaire. Au lendemain de sa visite aux Émirats, Mahamat Idriss Déby "
            "devait se rendre à Riyad.")
    events = _run(press, {"fronted": text})["fronted"].events
    visits = [e for e in events if e.type == "VISIT"]
    assert not [e for e in events if "Khalifa Haftar" in e.participants], _describe(events)
    assert sorted(e.location for e in visits) == ["Abou Dhabi", "Riyad"], _describe(events)
    assert all(_main(e) == "Mahamat Idriss Déby Itno" for e in visits), _describe(events)
    assert next(e for e in visits if e.location == "Riyad").date == "2025-03-05", _describe(events)


def test_subject_the_parser_left_on_a_comma(nlp):
    """fr_core_news_md sometimes hangs "Saddam Haftar" in "Le commandant de X (ANL), Saddam Haftar, a été reçu"
    on the comma and gives the verb no subject (seen on a test article). The parse is rebuilt here as the model
    produced it, since a parse error cannot be provoked on demand."""
    from spacy.tokens import Doc
    from pipeline.events.extract import _subjects

    words = ["Le", "commandant", "de", "l'", "ANL", ",", "Saddam", "Haftar", ",", "a", "été", "reçu", "hier", "."]
    heads = [1, 11, 4, 4, 1, 11, 5, 6, 11, 11, 11, 11, 11, 11]
    deps = ["det", "obl:mod", "case", "det", "nmod", "punct", "dep", "flat:name", "punct", "aux:tense", "aux:pass",
            "ROOT", "advmod", "punct"]
    pos = ["DET", "NOUN", "ADP", "DET", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "AUX", "AUX", "VERB", "ADV",
           "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True] + [False] * 13)
    assert [t.text for t in _subjects(doc[11])] == ["Saddam"]
    # a noun phrase behind a preposition is no subject: "Selon l'agence, a été reçu" keeps none
    words2 = ["Selon", "l'", "agence", ",", "a", "été", "reçu", "hier", "."]
    doc2 = Doc(nlp.vocab, words=words2, heads=[2, 2, 6, 6, 6, 6, 6, 6, 6],
               deps=["case", "det", "obl:mod", "punct", "aux:tense", "aux:pass", "ROOT", "advmod", "punct"],
               pos=["ADP", "DET", "NOUN", "PUNCT", "AUX", "AUX", "VERB", "ADV", "PUNCT"],
               sent_starts=[True] + [False] * 8)
    assert _subjects(doc2[6]) == []



def _misparsed(nlp, text: str, tree: list[tuple[int, str]]):
    """`text` as the pipeline tags it, with the dependency tree (head, label per token) that fr_core_news_md
    gave a sentence of a real article: the model makes such errors in context but not on a short sentence
    written for a test."""
    from spacy.tokens import Doc

    tagged = nlp(text)
    assert len(tagged) == len(tree), [t.text for t in tagged]
    doc = Doc(nlp.vocab, words=[t.text for t in tagged], spaces=[bool(t.whitespace_) for t in tagged],
              heads=[h for h, _ in tree], deps=[d for _, d in tree], pos=[t.pos_ for t in tagged],
              lemmas=[t.lemma_ for t in tagged], morphs=[str(t.morph) for t in tagged],
              sent_starts=[True] + [False] * (len(tagged) - 1))
    doc.ents = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in tagged.ents]
    return doc


def _events_of(doc):
    from pipeline.events.extract import extract_events, mentions_from_ents

    article = Article(id="parsed", text=doc.text, published=PUBLISHED)
    return extract_events(doc, mentions_from_ents(doc, "parsed"), article)


def test_subject_opening_the_sentence_before_a_dont_clause_the_parser_made_main(nlp):
    """'M. X, dont le mandat est contesté par Y, s'était rendu à Z': parsed with 'contesté' as the root and the
    trip as its adverbial clause; the trip is X's, not Y's."""
    text = "M. Menfi, dont le mandat est contesté par le Parlement, s'était rendu à Rome."
    tree = [(7, "obl:mod"), (0, "flat:name"), (0, "punct"), (5, "nmod"), (5, "det"), (7, "nsubj:pass"),
            (7, "aux:pass"), (7, "ROOT"), (10, "case"), (10, "det"), (7, "obl:agent"), (7, "punct"),
            (14, "expl:comp"), (14, "aux:tense"), (7, "advcl"), (16, "case"), (14, "obl:mod"), (7, "punct")]
    events = _events_of(_misparsed(nlp, text, tree))
    visit = next(e for e in events if e.type == "VISIT")
    assert "Parlement" not in visit.participants and visit.initiator.endswith("Menfi"), _describe(events)


def test_hosting_state_whose_subject_the_parser_hung_on_a_participle(nlp):
    """'Le Qatar, longtemps considéré comme un soutien, a reçu X': 'Qatar' parsed as the participle's subject."""
    text = "Le Qatar, longtemps considéré comme un soutien, a reçu mardi Belkacem Haftar."
    tree = [(1, "det"), (4, "nsubj"), (4, "punct"), (4, "advmod"), (10, "advcl"), (7, "case"), (7, "det"),
            (4, "xcomp"), (10, "punct"), (10, "aux:tense"), (10, "ROOT"), (10, "obl:mod"), (10, "obj"),
            (12, "flat:name"), (10, "punct")]
    events = _events_of(_misparsed(nlp, text, tree))
    visit = next(e for e in events if e.type == "VISIT")
    assert visit.location == "Qatar", _describe(events)


def test_the_meeting_told_again_with_its_venue_and_day_dates_both_rows(press):
    """"X et Y ont signé deux accords lors d'une rencontre à Tunis, a annoncé jeudi la présidence." then
    "La rencontre s'est tenue mercredi soir au palais de Carthage": one meeting, in Tunis, on Wednesday, and the
    signing it held is dated by it rather than by the announcement."""
    text = ("Le président algérien Abdelmadjid Tebboune et son homologue tunisien Kaïs Saïed ont signé deux accords "
            "de défense lors d'une rencontre à Tunis, a annoncé jeudi la présidence tunisienne.\n\n"
            "Le premier texte porte sur la sécurité des frontières ; le second sur la formation des officiers. La "
            "rencontre s'est tenue mercredi soir au palais de Carthage, en présence du ministre tunisien de la "
            "Défense, Khaled Sehili.")
    events = _run(press, {"occasion": text})["occasion"].events
    meetings = [e for e in events if e.type == "MEETING"]
    assert len(meetings) == 1, _describe(events)
    assert (meetings[0].location, meetings[0].date) == ("Tunis", "2025-03-05"), _describe(events)
    signing = next(e for e in events if e.type == "AGREEMENT" and e.trigger == "signé")
    assert signing.date == "2025-03-05", _describe(events)


def test_a_second_reception_after_puis_is_a_row_of_its_own(press):
    """"reçu à l'Élysée par X, puis au ministère des Armées par Y": two receptions, each with its host; "puis à
    Niamey pour un entretien" with no host is the trip going on, not a reception."""
    text = ("Le ministre égyptien de la Défense, Abdel Meguid Saqr, a effectué mardi une visite à Paris. Il a été "
            "reçu à l'Élysée par "
            "le président Emmanuel Macron, puis au ministère des Armées par le ministre Sébastien Lecornu.")
    events = _run(press, {"then": text})["then"].events
    hosts = sorted(e.counterpart for e in events if e.trigger == "reçu")
    assert hosts == ["Emmanuel Macron", "Sébastien Lecornu"], _describe(events)
    text2 = ("Le vice-ministre russe s'était rendu mardi à Bamako, où il avait été reçu par le général Assimi Goïta, "
             "puis à Niamey pour un entretien avec le général Tiani.")
    events2 = _run(press, {"then2": text2})["then2"].events
    assert not [e for e in events2 if e.trigger == "reçu" and e.location == "Niamey"], _describe(events2)


def test_twin_rows_of_one_trigger_keep_distinct_ids(press):
    """Two receptions told by one "reçu" are retyped MEETING together; the store keys on event_id, so a
    shared id would silently drop a row."""
    text = ("Le ministre égyptien de la Défense, Abdel Meguid Saqr, a effectué mardi une visite à Paris. Il a été "
            "reçu à l'Élysée par le président Emmanuel Macron, puis au ministère des Armées par le ministre "
            "Sébastien Lecornu.")
    events = _run(press, {"ids": text})["ids"].events
    ids = [e.event_id for e in events]
    assert len(ids) == len(set(ids)), _describe(events)


def test_a_trip_with_no_host_named_is_hosted_by_the_destination_state(press):
    text = ("Le ministre nigérien de la Défense, Amadou Garba Issa, est arrivé lundi à Ankara pour une visite de deux jours. "
            "Le chef d'état-major ivoirien a effectué mardi une tournée d'inspection à Abidjan.")
    [result] = press.process([Article(id="host-from-destination", text=text, published=PUBLISHED)])
    visits = {e.location: e for e in result.events if e.type == "VISIT"}
    assert visits["Ankara"].counterpart == "Turquie" and "Turquie" in visits["Ankara"].participants
    home = visits.get("Abidjan")
    assert home is None or home.counterpart != "Côte d'Ivoire", _describe(result.events)

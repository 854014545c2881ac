"""The assembled spaCy pipeline (pipeline/nlp.py): tokenizer special cases from models/tokenizer/."""
from pipeline.nlp import special_case_forms


def test_special_case_forms_cover_sentence_start_and_plain_capitals():
    assert special_case_forms("état-major") == ["état-major", "État-major", "Etat-major"]
    assert special_case_forms("lance-roquettes") == ["lance-roquettes", "Lance-roquettes"]


def test_chef_d_etat_major_stays_one_word_and_the_guest_is_the_object(nlp):
    doc = nlp("Le général Saïd Chanegriha a reçu dimanche à Alger le chef d'état-major italien, "
              "l'amiral Giuseppe Cavo Dragone. Les états-majors se sont réunis.")
    words = [t.text for t in doc]
    assert "état-major" in words and "états-majors" in words
    chef = next(t for t in doc if t.text == "état-major").head
    assert chef.text == "chef" and chef.dep_ == "obj"  # split in three, "major" became a sentence root


def test_ordinary_hyphenated_words_are_untouched(nlp):
    assert [t.text for t in nlp.tokenizer("le vice-ministre russo-libyen")] == ["le", "vice-ministre", "russo", "-", "libyen"]


def test_a_blank_line_ends_a_sentence_before_the_parser_runs(nlp):
    doc = nlp("Par notre correspondant à Istanbul\n\nHakan Fidan n'est pas reparti les mains vides. "
              "Le ministre a signé mardi un accord.")
    assert nlp.pipe_names.index("press_paragraphs") < nlp.pipe_names.index("parser")
    left = next(t for t in doc if t.text == "reparti")
    assert "Istanbul" not in left.sent.text  # the byline is a sentence of its own
    # (the parser may still cut "Hakan | Fidan ..." after a first name: a quirk of the model, re-joined by
    # the events' sentence units)


def test_a_single_line_break_inside_a_paragraph_is_left_to_the_parser(nlp):
    doc = nlp("Le ministre a reçu son homologue\nà Alger lundi.")
    assert not next(t for t in doc if t.text == "à").is_sent_start


def test_paragraph_breaks_leave_a_parsed_doc_alone(nlp):
    doc = nlp("Par notre correspondant à Tunis\n\nLe ministre est arrivé lundi.")
    starts = [t.is_sent_start for t in doc]
    assert [t.is_sent_start for t in nlp.get_pipe("press_paragraphs")(doc)] == starts


def test_words_glued_by_scraping_are_split(nlp):
    words = [t.text for t in nlp.tokenizer("arrivé à NiameyLes discussions ont repris fin 2023.Selon l'UA.Le porte-parole")]
    assert words[:4] == ["arrivé", "à", "Niamey", "Les"]
    assert "2023" in words and "Selon" in words and "UA" in words and "Le" in words


def test_names_with_an_inner_capital_stay_whole(nlp):
    words = [t.text for t in nlp.tokenizer("McDonald et DeSantis, M.Dupont, U.S.A et 3.5 millions")]
    assert {"McDonald", "DeSantis", "U.S.A", "3.5"} <= set(words)


def test_camel_case_brands_stay_whole_a_glued_sentence_start_does_not(nlp):
    words = [t.text for t in nlp.tokenizer("Le groupe ArianeGroup et l'application WeChat, cités à DakarDans un "
                                           "communiqué, puis à LoméL'armée")]
    assert {"ArianeGroup", "WeChat", "Dakar", "Dans", "Lomé"} <= set(words)

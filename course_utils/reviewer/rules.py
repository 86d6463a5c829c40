"""The reviewer's rules as data: word lists, pattern tables, messages, thresholds and limits."""

from __future__ import annotations

from course_utils.reviewer.tokens import LazyRe, ci, lazy

# --------------------------------------------------------------------------------------------
# Categories, kinds, networks and thresholds
# --------------------------------------------------------------------------------------------
CATEGORIES = ("ortografia", "tono", "yo", "estructura", "legibilidad")
KINDS = ("respuesta", "publicacion")
CATEGORY_LABELS = {
    "ortografia": "ortografía",
    "tono": "tono",
    "yo": "demasiado «yo»",
    "estructura": "estructura",
    "legibilidad": "legibilidad",
}
# network -> (hard platform limit, recommended length) in characters
NETWORK_LIMITS: dict[str | None, tuple[int | None, int]] = {
    None: (None, 1000),
    "instagram": (2200, 1000),
    "facebook": (63206, 500),
    "x": (280, 280),
    "linkedin": (3000, 1300),
    "tiktok": (2200, 300),
}
NETWORK_NAMES = {
    "instagram": "Instagram",
    "facebook": "Facebook",
    "x": "X",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
}
REPLY_RECOMMENDED_CHARS = 900
MAX_SPELLING_FINDINGS = 60
MAX_SUGGESTED_WORDS = 25  # unknown words that get computed suggestions in one review
SELF_RATIO_THRESHOLD = 0.75
MIN_SELF_REFS = 3
# «nuestro/nuestra/mi…» taking this share of the references also counts as too much «yo»
POSSESSIVE_RATIO_THRESHOLD = 0.6
# a reply shorter than this says too little for its tone, spelling and «yo» to earn points
MIN_REPLY_WORDS = 15
MIN_WORDS_READABILITY = 15
LONG_SENTENCE_WORDS = 40
# Szigriszt-Pazos (INFLESZ) score -> plain-language band, highest first
READABILITY_BANDS = (
    (80.0, "muy fácil"),
    (65.0, "fácil"),
    (55.0, "normal"),
    (40.0, "algo difícil"),
    (float("-inf"), "difícil"),
)

# --------------------------------------------------------------------------------------------
# Spelling: typical faults with their own explanation
# --------------------------------------------------------------------------------------------
COMMON_ERRORS: dict[str, tuple[str, str]] = {
    # wrong form -> (suggestion, explanation)
    "aver": ("a ver", "«Aver» no existe: se escribe «a ver» (de mirar) o «haber» (verbo)."),
    "haiga": ("haya", "«Haiga» es un vulgarismo: la forma correcta es «haya»."),
    "haigan": ("hayan", "«Haigan» es un vulgarismo: la forma correcta es «hayan»."),
    "hechamos": ("echamos", "«Echar» se escribe sin hache: «echamos»."),
    "hechar": ("echar", "«Echar» se escribe sin hache."),
    "hechado": ("echado", "«Echar» se escribe sin hache: «echado»."),
    "heché": ("eché", "«Echar» se escribe sin hache: «eché»."),
    "hecha": ("", ""),  # valid word (de «hacer»): placeholder, never flagged
    "nueba": ("nueva", "«Nueva» se escribe con uve."),
    "nuebo": ("nuevo", "«Nuevo» se escribe con uve."),
    "nuebas": ("nuevas", "«Nuevas» se escribe con uve."),
    "nuebos": ("nuevos", "«Nuevos» se escribe con uve."),
    "q": (
        "que",
        "Evita abreviar «que» como «q»: en nombre de tu negocio, escribe las palabras enteras.",
    ),
    "k": ("que", "Evita abreviar «que» como «k»: escribe las palabras enteras."),
    "xq": ("porque", "Evita abreviaturas de chat como «xq»: escribe «porque» (o «por qué»)."),
    "pq": ("porque", "Evita abreviaturas de chat como «pq»: escribe «porque» (o «por qué»)."),
    "tb": ("también", "Evita abreviaturas de chat como «tb»: escribe «también»."),
    "tmb": ("también", "Evita abreviaturas de chat como «tmb»: escribe «también»."),
    "bss": ("besos", "«Bss» es una abreviatura de chat: mejor «Un abrazo» y tu nombre."),
    "bs": ("besos", "«Bs» es una abreviatura de chat: mejor «Un abrazo» y tu nombre."),
    "wapa": ("guapa", "Se escribe «guapa» (no «wapa»)."),
    "wapo": ("guapo", "Se escribe «guapo» (no «wapo»)."),
    "grasias": ("gracias", "«Gracias» se escribe con ce."),
    "nadien": ("nadie", "«Nadien» es un vulgarismo: se dice «nadie»."),
    "asin": ("así", "«Asín» es un vulgarismo: se dice «así»."),
    "porfa": ("por favor", "«Porfa» es coloquial: escribe «por favor»."),
    "cocreta": ("croqueta", "Se escribe «croqueta»."),
    "cocretas": ("croquetas", "Se escribe «croquetas»."),
    "dijistes": ("dijiste", "La forma correcta es «dijiste», sin ese final."),
    "fuistes": ("fuiste", "La forma correcta es «fuiste», sin ese final."),
    "hicistes": ("hiciste", "La forma correcta es «hiciste», sin ese final."),
    "estubo": ("estuvo", "«Estuvo» se escribe con uve."),
    "tubo": ("", ""),  # valid (un tubo)
    "iva": ("IVA", "«IVA» es una sigla: se escribe en mayúsculas."),
}
# flagged even though the dictionary knows them
ALWAYS_FLAG = frozenset({"iva", "aver"})
# chat abbreviations: flagged even though some are in the dictionary («bs»)
CHAT_ABBREVIATIONS = frozenset({"q", "k", "xq", "pq", "tb", "tmb", "bss", "bs"})

# --------------------------------------------------------------------------------------------
# Spelling in context: accents that depend on the sentence, «ha/a», «he/e», ¿? and ¡!
# --------------------------------------------------------------------------------------------
_V = r"[a-záéíóúüñ]"
_PARTICIPLE = (
    rf"{_V}+(?:ado|ada|ido|ida|ído|ados|idos)|hecho|dicho|visto|puesto|escrito|vuelto|roto|abierto"
)
# (regex with a group «w» or «w2» = the wrong word, code, message template, fix template);
# {w} is the word as written and {fix} the corrected word (ACCENTED or the fix template).
CONTEXT_RULES: list[tuple[LazyRe, str, str, str]] = [
    (
        ci(
            r"(?<=[¿¡])\s*(?:(?:y|pero|entonces|a|de|en|por|para|con|desde|hasta)\s+)?"
            r"(?P<w>que|como|cuando|donde|adonde|quien|quienes|cual|cuales|cuanto|cuanta|cuantos|cuantas)\b"
            r"(?=[^¿?¡!]*[?])"
        ),
        "interrogativo",
        "En las preguntas, «{w}» lleva tilde: «{fix}».",
        "{fix}",
    ),
    (
        ci(
            r"(?:^|(?<=[¡,.\s]))(?P<w>que)\s+(?:pena|ilusión|ilusion|alegría|alegria|suerte|ganas|"
            r"bien|bonito|bonita|guapo|guapa|rico|rica|maravilla|pasada|gusto|sorpresa|lujo|"
            r"detalle|emoción|emocion|orgullo|chulo|chula|precioso|preciosa|bueno|buena)\b"
        ),
        "exclamativo",
        "En las exclamaciones, «{w}» lleva tilde: «{fix}».",
        "{fix}",
    ),
    (
        ci(
            r"\b(?:sabes|sabías|sabias|sabe|dime|dinos|cuéntanos|pregúntanos|no\s+sé)\s+"
            r"(?P<w>como|cuando|donde|quien|cuanto|cuanta|cuantos|cuantas)\b"
        ),
        "interrogativo",
        "En las preguntas indirectas, «{w}» lleva tilde: «{fix}».",
        "{fix}",
    ),
    (
        ci(r"\b(?P<w>mas)\b(?!\s+(?:aún|aun)\b)"),
        "tilde",
        "«Más» (cantidad) lleva tilde; «mas» sin tilde significa «pero» y casi no se usa.",
        "más",
    ),
    (
        ci(
            r"\b(?:ya|no|que|aquí|aqui|ahora|hoy|todo|siempre|también|tambien)\s+(?P<w>esta|estas)\b"
            r"|\b(?P<w2>esta|estas)\s+(?:bien|mal|listo|lista|listos|listas|abierto|abierta|"
            r"cerrado|cerrada|disponible|disponibles|aquí|aqui|ahí|ahi|allí|alli|en|muy|hecho|"
            r"hecha|incluido|incluida|preparado|preparada|encantado|encantada|a\s+punto|"
            rf"{_V}+ndo)\b"
        ),
        "tilde",
        "Aquí «{w}» es del verbo estar y lleva tilde: «{fix}».",
        "{fix}",
    ),
    (
        ci(r"\b(?P<w>tu)\b(?=\s*(?:[?!.,;:)]|$))"),
        "tilde",
        "Como pronombre, «tú» lleva tilde.",
        "tú",
    ),
    (
        ci(r"\b(?:para|a|de|por|sin|sobre|hacia|contra|según)\s+(?P<w>mi)\b(?=\s*(?:[?!.,;:)]|$))"),
        "tilde",
        "Como pronombre, «mí» lleva tilde.",
        "mí",
    ),
    (
        ci(r"\b(?:que|claro\s+que|pues|eso)\s+(?P<w>si)\b(?=\s*(?:[?!.,;:]|$))"),
        "tilde",
        "El «sí» de afirmar lleva tilde.",
        "sí",
    ),
    (
        ci(
            r"\bno\s+(?P<w>se)\b(?=\s*(?:[,.!?;:]|$|si\b|qu[eé]\b|c[oó]mo\b|cu[aá]ndo\b|d[oó]nde\b))"
        ),
        "tilde",
        "«Sé» (del verbo saber) lleva tilde: «no sé».",
        "sé",
    ),
    (
        ci(
            rf"\b(?:lo|la|los|las|le|les|me|te|se|nos|os|no|ya|nunca|siempre|quien|que)\s+"
            rf"(?P<w>a)\s+(?:{_PARTICIPLE})\b"
        ),
        "haber",
        "Delante de un participio va el verbo haber: «ha», con hache.",
        "ha",
    ),
    (
        ci(rf"\b(?:yo|ya|no|lo|la|le|me|te|se|nos|os|que)\s+(?P<w>e)\s+(?:{_PARTICIPLE})\b"),
        "haber",
        "Delante de un participio va el verbo haber: «he», con hache.",
        "he",
    ),
    (ci(r"\b(?P<w>haber)\s+si\b"), "haber", "Aquí va «a ver» (de mirar), no «haber».", "a ver"),
    (
        ci(rf"\b(?P<w>a\s+ver)\s+(?:{_PARTICIPLE})\b"),
        "haber",
        "Delante de un participio va el verbo «haber», no «a ver».",
        "haber",
    ),
    (
        ci(r"\b(?:he|has|ha|hemos|habéis|habeis|han|haya|hayas|hayan|había)\s+(?P<w>echo)\b"),
        "haber",
        "Del verbo hacer es «hecho», con hache.",
        "hecho",
    ),
    (
        ci(rf"\b(?P<w>halla|hallas|hallan)\s+(?:{_PARTICIPLE})\b"),
        "haber",
        "Del verbo haber es «haya» (con y); «halla» es de hallar (encontrar).",
        "haya",
    ),
]
ACCENTED = {
    "que": "qué",
    "como": "cómo",
    "cuando": "cuándo",
    "donde": "dónde",
    "adonde": "adónde",
    "quien": "quién",
    "quienes": "quiénes",
    "cual": "cuál",
    "cuales": "cuáles",
    "cuanto": "cuánto",
    "cuanta": "cuánta",
    "cuantos": "cuántos",
    "cuantas": "cuántas",
    "esta": "está",
    "estas": "estás",
}
# opening and closing marks, sentence ends (a lone full stop) and line breaks
MARKS_RE = lazy(r"[¿?¡!]+|(?<!\.)\.(?!\.)|\n")

# --------------------------------------------------------------------------------------------
# Sign-off: a human name at the end of a reply
# --------------------------------------------------------------------------------------------
_NAME = r"[A-ZÁÉÍÓÚÑ][a-záéíóúüñ]+\.?"
_CLOSING = (
    r"(?i:un\s+(?:cordial\s+)?(?:saludo|abrazo|beso|besazo|abrazo\s+fuerte)(?:\s+cordial)?"
    r"|saludos(?:\s+cordiales)?|atentamente|abrazos|besos|gracias|hasta\s+pronto"
    r"|nos\s+vemos|fdo\.?:?)"
)
SIGNOFF_RE = lazy(
    rf"(?:^|[.!?…\n:;]|[—–]|\s-|{_CLOSING}\s*[,:.]?)\s*[—–-]?\s*"
    rf"(?!{_CLOSING}\b)(?P<name>{_NAME}(?:\s+(?:y\s+|de\s+|del\s+)?{_NAME}){{0,3}})"
    r"\s*(?:[,(]\s*[^.!?\n]{0,40}?\)?)?\s*[.!]?\s*$"
)
NOT_NAMES = frozenset(
    "gracias saludos atentamente bss bs besos besitos abrazos hola adiós chao ciao vale ok "
    "genial perfecto pronto hoy mañana bienvenida bienvenido enhorabuena felicidades "
    "asesoría bar peluquería taller tienda equipo dirección administración gerencia atención "
    "empresa restaurante cafetería clínica la el los las un una nos te os muchas mil "
    "estimado estimada cuéntanos escríbenos".split()
)
TRAILING_JUNK_RE = lazy(r"[^\w.)!]+$")  # trailing emoji and spaces, dropped before the sign-off

# --------------------------------------------------------------------------------------------
# Tone: accusations, blame, hurt feelings, aggression, insults, irony, shouting
# --------------------------------------------------------------------------------------------
TONE_RULES: list[tuple[LazyRe, str, str, str]] = [
    # (regex, code, message, suggestion)
    (
        ci(
            r"\b(?:usted|tú|tu|vosotros)\s+mient[ea]s?\b|\b(?:es|eso\s+es|esto\s+es)\s+(?:una\s+)?"
            r"(?:(?:total|completa|rotunda)mente\s+)?(?:mentira|falso)\b|\bes\s+falso\s+que\b"
        ),
        "acusacion",
        "Llamar mentiroso a un cliente en público siempre te hace perder, aunque tengas razón.",
        "Cuenta tu versión con datos y sin acusar: «Según nuestro registro, …; ¿nos escribes por privado y lo vemos?».",
    ),
    (
        ci(
            r"\bno\s+es\s+(?:verdad|cierto)\b|\bno\s+tienes?\s+(?:usted\s+)?(?:ni\s+idea|razón|razon)\b"
        ),
        "defensiva",
        "Negar lo que dice el cliente suena defensivo y alarga la discusión.",
        "Reconoce su experiencia («Siento que te llevaras esa impresión») y ofrece una solución.",
    ),
    (
        ci(
            r"\b(?:la\s+)?culpa\s+(?:es|fue|será|la\s+tiene)\s+(?:suya|tuya|vuestra|de\s+usted|del?\s+\w+)"
            r"|\bno\s+es\s+(?:culpa|problema)\s+(?:nuestr[oa]|mí[oa]|mi[oa])\b"
            r"|\bno\s+(?:podemos|puedo)\s+hacer\s+nada\b|\b(?:te|le|os)\s+recuerdo\s+que\b"
            r"|\blo\s+aceptaste\s+tú\b|\busted\s+(?:lo|la)\s+firmó\b|\bpretendes?\s+que\b"
            r"|\bno\s+somos\s+una\s+ong\b"
        ),
        "culpa",
        "Echar la culpa al cliente (o a otros) da imagen de no hacerte cargo.",
        "Asume tu parte y di qué vas a hacer: «Lo sentimos; esto es lo que vamos a hacer…».",
    ),
    (
        ci(
            r"\b(?:nos|me)\s+(?:ofende|ofenden|duele|duelen|indigna|parece\s+(?:injusto|fatal|"
            r"vergonzoso|una\s+vergüenza))\b|\bno\s+es\s+justo\b|\bqué\s+poca\s+vergüenza\b"
            r"|\bdespués\s+de\s+todo\s+lo\s+que\b|\bnunca\s+nadie\s+se\s+(?:ha|me|nos)\b"
        ),
        "dolido",
        "Mostrarte dolido u ofendido pone el foco en ti y no en el problema del cliente.",
        "Deja a un lado cómo te sientes y céntrate en lo que ha vivido el cliente y en la solución.",
    ),
    (
        ci(
            r"\bsi\s+no\s+(?:le|te|os)\s+gusta\b|(?<!que\s)\bno\s+(?:venga|vuelva|vengas|vuelvas|vengáis)\b"
            r"(?!\s+a\s+(?:pasar|ocurrir|suceder|repetirse))"
            r"|\bv[aá]yase\b|\bl[aá]rguese\b|\bvete\s+a\b|\bdej[ea]\s+de\s+(?:escribir|molestar|mentir)\b"
            r"|\b(?:retire|borre|quite|elimine|retira|borra|quita)\s+(?:la|su|tu|esta|esa)\s+(?:reseña|opinión|comentario)\b"
            r"|\bno\s+vamos\s+a\s+(?:devolver|cambiar|hacer)\s+nada\b|\bno\s+entiendo\s+a\s+qu[eé]\s+viene\b"
            r"|\ba\s+qu[eé]\s+viene\s+(?:esto|esta|este)\b"
        ),
        "agresiva",
        "Esta frase suena agresiva: echa al cliente en lugar de ayudarle.",
        "Sustitúyela por una invitación a resolverlo: «Nos gustaría arreglarlo, ¿nos escribes por privado?».",
    ),
    (
        ci(
            r"\b(?:idiota|imbécil|imbecil|estúpid[oa]s?|estupid[oa]s?|tont[oa]s?|gilipollas|payas[oa]s?"
            r"|maleducad[oa]s?|caradura|mentiros[oa]s?|ignorante|sinvergüenza|impresentable"
            r"|ridícul[oa]|cretin[oa]|tonterías|tonterias|sin\s+fundamento)\b"
            r"|\bno\s+sabes?\s+(?:leer|de\s+lo\s+que\s+habla)"
        ),
        "insulto",
        "Esto es un insulto o una descalificación: en redes todo el mundo lo lee.",
        "Quítalo. Responde a los hechos, nunca a la persona.",
    ),
]
SARCASM_RULES: list[tuple[LazyRe, str]] = [  # replies only
    (ci(r"\b(?:ja|je|ji)(?:[\s,]*(?:ja|je|ji)){1,}\b|\b(?:ja){2,}\b|\b(?:je){2,}\b"), "risa"),
    (
        ci(r"\bguapi\b|\bcampe[oó]na?\b|\blistill[oa]\b|\bclaro\s+que\s+s[ií],\s+\w+"),
        "condescendiente",
    ),
    (
        ci(
            r"\bqu[eé]\s+sorpresa\b|\bvaya\s+por\s+dios\b|\bserá\s+que\b|\botr[oa]\s+client[ea]\s+que\b"
            r"|^\s*(?:ya|sí),\s+claro\b|\bcomo\s+siempre\b|\b(?:o\s*sea|osea)\s+que\s+ahora\b"
            r"|(?:^|[.!?]\s+)(?:incre[ií]ble|alucinante|en\s+fin|sin\s+comentarios)\s*[.!…]*\s*$"
        ),
        "ironia",
    ),
]
IRONY_CUES = ci(r"\b(?:seguro|claro|vaya|será|otr[oa]|como\s+siempre|supuest[oa])\b")
QUOTES_RE = lazy(r"[«\"“'‘]\s*([a-záéíóúüñ]+(?:\s+[a-záéíóúüñ]+)?)\s*[»\"”'’]")  # «queja»
MARK_RUNS_RE = lazy(r"[!¡?¿]{3,}|(?:[!¡][?¿]|[?¿][!¡])[!¡?¿]*")  # «!!!», «?!»

# --------------------------------------------------------------------------------------------
# «yo»: words that refer to the business and to the reader
# --------------------------------------------------------------------------------------------
SELF_WORDS = frozenset(
    "yo me mí mi mis conmigo nosotros nosotras nos nuestro nuestra nuestros nuestras".split()
)
POSSESSIVE_WORDS = frozenset("mi mis nuestro nuestra nuestros nuestras".split())
READER_WORDS = frozenset(
    "tú tu tus te ti contigo usted ustedes vosotros vosotras os vuestro "
    "vuestra vuestros vuestras".split()
)
READER_VERBS = frozenset(
    "tienes quieres puedes sabes sabías prefieres necesitas buscas vienes "
    "eres estás pides piensas crees opinas gusta gustaría atreverías "
    "quedas aprendiste revisaste".split()
)
FORMAL_WORDS = frozenset("su sus le les".split())
FORMAL_RE = ci(r"\busted(?:es)?\b|\bestimad[oa]s?\b|\bsr\.|\bsra\.|\bdisculpe\b|\bperdone\b")
# a verb with the reader's pronoun attached («cuéntanos», «pásate»); not the «-os» of «rápidos»,
# «sábados» or «teníamos» (an accented «-os» is almost never «os», the pronoun)
ENCLITIC_RE = lazy(r"[áéíóú]\w*(?:nos|te|me|lo|la|los|las|le|les|se)$")
COMPANY_RE = ci(r"\b(?:la|mi|nuestra)\s+empresa\b(?!\s+de\b)")

# --------------------------------------------------------------------------------------------
# Structure: thanks, problem, apology, next step, private channel, data in public, invitation
# --------------------------------------------------------------------------------------------
THANKS_RE = ci(
    r"\bgracias\b|\bagradec\w*|\bagradezco\b|\bentendemos\b|\bcomprendemos\b"
    r"|\bentiendo\s+(?:tu|su)\b|(?<!no\s)\btienes?\s+(?:toda\s+la\s+|usted\s+)?raz[oó]n"
    r"|\bnos\s+alegra|\bme\s+alegra|\bqu[eé]\s+ilusi[oó]n\b|\bun\s+placer\b"
    r"|\bvaloramos\s+(?:mucho\s+)?(?:que|tu|tus|su|sus|vuestr\w+|el|la|los|las)\b"
    r"|\bhaces\s+bien\s+en\b|\bnos\s+ayuda\s+(?:mucho\s+)?(?:que|a\s+mejorar)\b"
)
PROBLEM_RE = ci(
    r"problema|retraso|demora|\berror|queja|molestia|reclam|incidencia|devoluci"
    r"|defectuos|\brot[oa]s?\b|\btarde\b|\bcobr|fallo|\bmal\b|lament|\bsentimos\b"
    r"|\bsiento\b|perd[oó]n|disculp|\bfalso\b|mentira|\bculpa\b|no\s+es\s+verdad"
    r"|tardad|\btarda|no\s+cumpl|decepci|\blío\b|\bespera\b|revis|arregl|solucion"
    r"|reembols|devolv|\bcambiamos\b|\bno\s+(?:te|le)\s+(?:gust|qued)"
    r"|equivoc|\bfallamos\b|\bexcusa|inaceptable|\bno\s+debi[oó]"
)
APOLOGY_RE = ci(
    r"perd[oó]n\w*|disculp\w*|\bsentimos\b|\blo\s+siento\b"
    r"|\bsiento\s+(?:mucho|much[ií]simo|que|lo|el|la|las|los)\b|lament\w*"
    r"|\bnos\s+sabe\s+(?:muy\s+)?(?:mal|fatal)\b|\bnos\s+(?:da\s+(?:mucha\s+)?pena|apena)\b"
    # owning the fault is how many Spanish speakers apologise: «Eso no debió pasar», «Fallamos»,
    # «No tiene excusa», «Nos equivocamos», «No es aceptable», «Asumimos el error»
    r"|\bno\s+(?:debi[oó]|debimos|deber[ií]a(?:\s+haber)?|deber[ií]amos(?:\s+haber)?"
    r"|tendr[ií]a\s+que\s+haber|ten[ií]a\s+que|pod[ií]a)\s+(?:pasar|ocurrir|suceder|pasado"
    r"|ocurrido|sucedido|haber\s+pasado|haber\s+ocurrido)\b"
    r"|\bfallamos\b|\b(?:te|os|le|les)\s+(?:hemos\s+)?fall(?:amos|ado|é)\b|\bhemos\s+fallado\b"
    r"|\bno\s+(?:tiene|tuvo|tenemos|hay)\s+(?:ninguna\s+)?excusas?\b|\bsin\s+excusas\b"
    r"|\b(?:nos|me)\s+(?:hemos\s+|he\s+)?equivoc\w*"
    r"|\b(?:fue|es|ha\s+sido)\s+(?:un|nuestro|mi)\s+(?:error|fallo)\b|\b(?:error|fallo)\s+(?:nuestro|m[ií]o)\b"
    r"|\b(?:asumimos|asumo|reconocemos|reconozco|admitimos|admito)\s+(?:el|nuestro|este|ese|mi"
    r"|la|nuestra|toda\s+la|toda|nuestros|los)\s+(?:error|errores|fallo|fallos|culpa"
    r"|responsabilidad|equivocaci[oó]n)"
    r"|(?<!no es )(?<!no fue )\bculpa\s+(?:es\s+|fue\s+)?(?:nuestra|m[ií]a)\b"
    r"|\bno\s+es\s+(?:aceptable|de\s+recibo)\b|\binaceptable\b"
    r"|\bno\s+(?:estuvimos|hemos\s+estado|estuvo|estuve)\s+a\s+la\s+altura\b"
    r"|\b(?:eso|esto)\s+no\s+est[aá]\s+bien\b|\bmea\s+culpa\b"
)
NEXT_RE = ci(
    r"\bya\s+(?:hemos|está|esta|lo|la|le|te|tienes)\b|\bhemos\s+(?:revisado|hablado|reforzado|reclamado"
    r"|cambiado|solucionado|corregido|arreglado|asignado|añadido|actualizado|devuelto|pedido"
    r"|contactado|mejorado|abierto|enviado)\b"
    r"|\b(?:te|le|os|les)\s+(?:lo\s+|la\s+)?(?:llamamos|llamaremos|llamaré|devolvemos|devolveremos"
    r"|enviamos|enviaremos|mandamos|mandaremos|escribimos|escribiremos|escribe|cambiamos"
    r"|invitamos|guardamos|arreglamos|reembolsamos|damos|daremos|llevamos|buscamos|reservamos"
    r"|explicamos|esperamos)\b"
    r"|\b(?:te|le|os)\s+(?:llamo|escribo|devuelvo|mando|envío|regalo|regalamos|invito|cambio|arreglo)\b"
    r"|(?<!no\s)\bpodemos\s+(?:revisar|ver|mirar|hablar|arreglar|solucionar|cambiar|devolver|ofrecer)\b"
    r"|\bdesde\s+(?:hoy|ahora|esta\s+semana|este\s+mes|mañana)\b|\ba\s+partir\s+de\b|\bhoy\s+mismo\b|\bmañana\b|\bsin\s+coste\b|\bgratis\b"
    r"|\bbuscamos\s+un\s+hueco\b|\blo\s+(?:revisamos|cambiamos|arreglamos|solucionamos|miramos"
    r"|hablamos|vemos)\b|(?<!no\s)\bvamos\s+a\s+\w+|\bnos\s+pondremos\b|\bpuedes\s+(?:recoger|pasar)"
    r"|\bpásate\b|\bescríb(?:e|a)nos|\bllám(?:a|e)nos|\bmánd(?:a|e)nos|\bescr[ií]benos"
    r"|\bquedamos\s+a\s+(?:su|tu)\s+disposici[oó]n\b|\bnos\s+gustar[ií]a\s+\w+"
)
PRIVATE_RE = ci(
    r"mensaje\s+privado|\bprivado\b|\bpor\s+priv\b|\bcorreo\b|e-?mail|tel[eé]fono"
    r"|\bll[aá]m(?:a|e)nos\b|\b(?:te|le|os)\s+llam(?:amos|aremos|aré)\b|whatsapp"
    r"|\bpor\s+interno\b|\b\d{3}\s?\d{3}\s?\d{3}\b|\ben\s+persona\b"
    r"|\bp[aá]s(?:a|e)te\s+por\s+(?:el|la)\s+(?:taller|tienda|bar|peluquer[ií]a|asesor[ií]a|local)\b"
)
PRIVATE_CASE_RE = lazy(r"\b(?:MD|DM|md|dm|privi)\b")
PUBLIC_DATA_RE = ci(
    r"\b(?:dinos|dime|déjanos|dejanos|deja|pon|ponnos|escribe|escríbenos|indícanos|indicanos|"
    r"facilítanos|pásanos|danos|comparte|déjenos|indíquenos|facilítenos)\b[^.!?\n]{0,40}"
    r"\b(?:dirección|direccion|tel[eé]fono|m[oó]vil|dni|iban|tarjeta|cuenta\s+bancaria|"
    r"n[uú]mero\s+de\s+(?:pedido|tel[eé]fono|m[oó]vil|cuenta|tarjeta)|e-?mail|correo)\b"
)
PUBLIC_PLACE_RE = ci(
    r"\baqu[ií]\b|\bpor\s+aqu[ií]\b|\ben\s+(?:los\s+)?comentarios\b|\babajo\b"
    r"|\bp[uú]blicamente\b|\ben\s+esta\s+(?:publicaci[oó]n|reseña)\b"
)
INVITE_RE = ci(
    r"cu[eé]ntan\w*|cu[eé]ntame|com[eé]ntanos|\bcomenta\b|\bcomentad\b|déjanos\s+(?:tu|un|en)"
    r"|\bte\s+leemos\b|\bos\s+leemos\b|\bdinos\b|\bcontadnos\b|\bnos\s+cuentas\b"
    r"|\bnos\s+cont[aá]is\b|\betiqueta\s+a\b|\bmenciona\s+a\b|\bvota\b|\bresponde\b"
    r"|\by\s+t[uú]\b"
)
PRIVATE_WORD_RE = ci(r"privad|\bcorreo\b")  # a sentence that already mentions a private channel

# --------------------------------------------------------------------------------------------
# The comment a reply answers: does it report a problem, and does solving it need personal data?
# --------------------------------------------------------------------------------------------
COMPLAINT_RE = ci(
    r"problema|retras|demora|\berror|queja|molest|reclam|incidencia|devoluci|defectuos"
    r"|\brot[oa]s?\b|\btarde\b|\bcobra|fallo|\bmal\b|\bpeor\b|fatal|decepci|\bestafa"
    r"|\besper(?:é|e|amos|ando)\b|no\s+(?:ha\s+)?llega|nadie\s+(?:me|nos)\b"
    r"|no\s+(?:me|nos)\s+(?:avis|contest|llam|respond|atend|dij)|no\s+(?:vuelv|volver)"
    r"|verg[üu]enza|sucio|\bcaro\b|antip[áa]tic|\blent[oa]s?\b|as[íi]\s+no\b|esperaba\s+otra"
    r"|tardar|congelad|dolor|v[óo]mito|intoxica|peligro|denunci|accidente"
)
PERSONAL_DATA_RE = ci(
    r"pedido|\bcita\b|factura|\bdni\b|documentaci|tel[ée]fono|\bm[óo]vil\b|\bcorreo|reembols"
    r"|devoluci|\breserva|tarjeta|direcci[óo]n|\bcobr|matr[íi]cula"
)


# --------------------------------------------------------------------------------------------
# Prose: whether a text is written in sentences (not a keyword list or gibberish), for grading
# --------------------------------------------------------------------------------------------
# the words that tie a Spanish sentence together: articles, prepositions, conjunctions,
# pronouns, determiners and the commonest adverbs (a third or more of the words of real prose;
# almost none in a list of keywords)
FUNCTION_WORDS = frozenset(
    """
    el la los las lo un una unos unas al del
    a ante bajo con contra de desde durante en entre hacia hasta mediante para por según sin
    sobre tras
    y e ni o u pero sino que porque pues como cuando donde si aunque mientras
    yo tú él ella ello nosotros nosotras vosotros vosotras ellos ellas usted ustedes
    me te se nos os le les mí ti conmigo contigo consigo
    mi mis tu tus su sus nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras
    este esta estos estas ese esa esos esas aquel aquella aquellos aquellas esto eso aquello
    quien quienes cual cuales cuyo cuya qué quién cuál cómo cuándo dónde cuánto cuánta
    todo toda todos todas cada otro otra otros otras mucho mucha muchos muchas poco poca pocos
    pocas algo nada alguien nadie algún alguno alguna algunos algunas ningún ninguno ninguna
    más menos muy tan tanto ya no sí también tampoco aquí ahí allí hoy antes después luego
    """.split()
)
# forms of the irregular verbs that the es_ES dictionary lists as plain words (without the
# conjugation flags the other verbs carry): ser, estar, haber, ir, poder, dar and a few more
IRREGULAR_VERB_FORMS = frozenset(
    """
    ser siendo soy eres es somos sois son era eras éramos erais eran fui fuiste fue fuimos
    fuisteis fueron seré serás será seremos seréis serán sería serías seríamos seríais serían
    sea seas seamos seáis sean fuera fueras fuéramos fuerais fueran fuese fueses fuésemos
    fueseis fuesen
    estar estando estoy estás está estamos estáis están estaba estabas estábamos estabais
    estaban estuve estuviste estuvo estuvimos estuvisteis estuvieron estaré estarás estará
    estaremos estaréis estarán estaría estarías estaríamos estaríais estarían esté estés
    estemos estéis estén estuviera estuvieras estuviéramos estuvierais estuvieran
    haber habiendo he has ha hemos habéis han había habías habíamos habíais habían hube
    hubiste hubo hubimos hubisteis hubieron habré habrás habrá habremos habréis habrán habría
    habrías habríamos habríais habrían haya hayas hayamos hayáis hayan hubiera hubieras
    hubiéramos hubierais hubieran hubiese hay
    ir yendo voy vas va vamos vais van iba ibas íbamos ibais iban iré irás irá iremos iréis
    irán iría irías iríamos iríais irían vaya vayas vayamos vayáis vayan ve id
    poder pudiendo puedo puedes puede podemos podéis pueden podía podías podíamos podíais
    podían pude pudiste pudo pudimos pudisteis pudieron podré podrás podrá podremos podréis
    podrán podría podrías podríamos podríais podrían pueda puedas podamos podáis puedan
    pudiera pudieras pudiéramos pudierais pudieran
    dar dando doy das da damos dais dan di diste dio dimos disteis dieron daré darás dará
    daremos daréis darán daría darías daríamos darían dé des demos deis den diera dieras
    diéramos dieran
    hice hizo haz ves veis ven vi vio diré dirás dirá diremos dirán pon ten
    """.split()
)
# a text is not graded automatically if fewer than this share of its words that say something
# (not FUNCTION_WORDS) are Spanish words (names, numbers and palabras_proyecto.txt allowed) …
PROSE_MIN_KNOWN_SHARE = 0.6
# … or if more than this share of its words stand outside sentences (keyword lists)
PROSE_MAX_LOOSE_SHARE = 0.5
# capitalised unknown words count as names up to this share of the words
PROSE_MAX_NAME_SHARE = 0.25
# a sentence split by commas into at least this many parts, most of one or two words, is a list
PROSE_LIST_PARTS = 5
# this many words in a row with no word that ties them (FUNCTION_WORDS) are a keyword run
PROSE_KEYWORD_RUN = 5
# a text of at least this many words needs a verb somewhere
PROSE_VERB_FROM_WORDS = 12

# --------------------------------------------------------------------------------------------
# Summary: which category to work on first, and the advice for it
# --------------------------------------------------------------------------------------------
PRIORITY = ("tono", "estructura", "yo", "ortografia", "legibilidad")
ADVICE = {
    "tono": "Empieza por el tono: es lo que más pesa en cómo te ven tus clientes.",
    "estructura": "Empieza por la estructura: agradece, discúlpate si hace falta, propón una "
    "solución y firma con tu nombre.",
    "yo": "Empieza por hablar menos de tu negocio y más de tu cliente.",
    "ortografia": "Empieza por la ortografía: unas pocas faltas restan mucha confianza.",
    "legibilidad": "Empieza por acortar las frases: en el móvil se lee deprisa.",
}

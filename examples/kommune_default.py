"""A municipality's default MUS form as a Word template (File > New in Word), or, given
a .docx name, as a ready form: python kommune_default.py [OUT.dotx|OUT.docx]"""

import sys

from musforms import FormBuilder

mus = FormBuilder(title="MUS {{ year }}", organisation="Eksempel Kommune", theme="Trivsel")
mus.section("Tilbageblik").tick("tilbageblik.hoejdepunkter", "tilbageblik.plan_opfyldelse")
mus.section("Opgaver").tick("opgaver.resultater", "opgaver.udfordringer", "opgaver.arbejdsmaengde")
mus.section("Relationer og ledelse").tick("samarbejde.fungerer_godt", "ledelse.samarbejdet")
mus.section("Kompetencebehov").tick("kompetencer.kompetencehjul", "kompetencer.fremtidige_krav")
mus.section("Udviklingsplan").tick("afslutning.udviklingsplan", "afslutning.opfoelgning_hvornaar")
mus.section("Afslutning").tick("afslutning.vigtigste_aftale", "afslutning.dato")
mus.build().write(sys.argv[1] if len(sys.argv) > 1 else "mus-kommune.dotx")

// Fill musforms PDFs with pdf.js (pdfjs-dist, the viewer of Firefox and many web apps).
// Usage: node fill_pdfjs.mjs JOBS.json, a list of {in, out, values}; values map a field
// name to a text, or to "/state" for a radio button or check box, as a person clicks.
import fs from "node:fs";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

const fonts = new URL("./node_modules/pdfjs-dist/standard_fonts/", import.meta.url).pathname;
const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const job of jobs) {
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(fs.readFileSync(job.in)),
    isEvalSupported: false, // compile nothing from the file
    enableXfa: false,
    standardFontDataUrl: fonts,
    verbosity: 0,
  }).promise;
  const fields = await doc.getFieldObjects();
  for (const [name, value] of Object.entries(job.values)) {
    const widgets = fields[name];
    if (!widgets) throw new Error(`no field ${name}`);
    for (const widget of widgets) {
      if (!widget.id) continue; // a radio group's parent has no widget
      let set;
      if (widget.type === "text") set = value;
      else set = "/" + widget.exportValues === value; // checkbox and radiobutton
      doc.annotationStorage.setValue(widget.id, { value: set });
    }
  }
  fs.writeFileSync(job.out, await doc.saveDocument());
  await doc.destroy();
}

import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { StreamLanguage } from "@codemirror/language";
import { csharp } from "@codemirror/legacy-modes/mode/clike";
window.MirrorCM = {
  create(parent, doc, lang, onChange) {
    const language = lang === "csharp" ? StreamLanguage.define(csharp) : python();
    return new EditorView({
      doc,
      parent,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        language,
        EditorView.contentAttributes.of({ "aria-label": lang === "csharp" ? "Your C#" : "Your Python" }),
        EditorView.updateListener.of((u) => { if (u.docChanged && onChange) onChange(); }),
      ],
    });
  },
};

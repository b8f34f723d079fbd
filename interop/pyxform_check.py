#!/usr/bin/env python3
"""Compares an XForm with the XForm that pyxform makes from the equivalent XLSForm.

Usage: pyxform_check.py OURS.xml OURS.xlsx   (run with interop/.venv/bin/python)

The XLSForm is converted with pyxform's Python API; any error or warning fails. The two XForms
are then reduced to flat facts (form id/version/title, submission, languages, primary instance
paths and defaults, binds by nodeset, body controls with their labels/hints per language and
their choices, external instances) and compared. XPath is compared after whitespace
normalisation; itext references are resolved to their text per language, so itext ids may
differ. Prints a readable diff and exits 1 on any difference, 0 when equal, 2 on usage/errors.
Standard library + pyxform only.
"""
import re
import sys
import xml.etree.ElementTree as ET

XF = "http://www.w3.org/2002/xforms"
H = "http://www.w3.org/1999/xhtml"
JR = "http://openrosa.org/javarosa"
ODK = "http://www.opendatakit.org/xforms"
NS_PREFIX = {XF: "", H: "h:", JR: "jr:", ODK: "odk:", "http://openrosa.org/xforms": "orx:"}

CONTROLS = {"input", "select1", "select", "upload", "trigger", "range", "rank", "secret"}


def qname(tag):
    """'{ns}local' -> 'prefix:local' with the usual XForm prefixes."""
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return NS_PREFIX.get(ns, "{%s}" % ns) + local
    return tag


def local(tag):
    return tag.rsplit("}", 1)[-1]


_STR = re.compile(r"('[^']*'|\"[^\"]*\")")
# Whitespace around these characters carries no meaning in XPath ('-' is left alone: it is
# also a name character).
_OPS = re.compile(r"\s*([()\[\],=!<>+*|/@])\s*")


def norm_xpath(x):
    if x is None:
        return None
    parts = _STR.split(x)
    out = []
    for i, p in enumerate(parts):
        if i % 2 == 1:  # string literal, kept as is
            out.append(p)
        else:
            p = re.sub(r"\s+", " ", p)
            p = _OPS.sub(r"\1", p)
            out.append(p)
    return "".join(out).strip()


def child_text(el, name):
    """Text of el's first child whose local name is name (instance data has a namespace)."""
    for c in el:
        if local(c.tag) == name:
            return (c.text or "").strip()
    return ""


def text_of(el):
    """A label/value element's content: text with <output value=…/> as ${xpath}."""
    s = el.text or ""
    for c in el:
        if local(c.tag) == "output":
            s += "<output %s>" % norm_xpath(c.get("value") or c.get("ref") or "")
        else:
            s += text_of(c)
        s += c.tail or ""
    return re.sub(r"\s+", " ", s).strip()


class Form:
    def __init__(self, xml_text, name):
        self.name = name
        self.root = ET.fromstring(xml_text)
        head = self.root.find("{%s}head" % H)
        self.model = head.find("{%s}model" % XF)
        self.title = (head.findtext("{%s}title" % H) or "").strip()
        self.instances = self.model.findall("{%s}instance" % XF)
        self.primary = next(i for i in self.instances if i.get("id") is None)
        self.secondary = {i.get("id"): i for i in self.instances if i.get("id") is not None}
        self.itext = {}  # lang -> id -> {form: text}
        self.default_lang = None
        it = self.model.find("{%s}itext" % XF)
        if it is not None:
            for tr in it.findall("{%s}translation" % XF):
                lang = tr.get("lang")
                if tr.get("default") is not None and tr.get("default") not in ("false()", "false"):
                    self.default_lang = lang
                texts = self.itext.setdefault(lang, {})
                for t in tr.findall("{%s}text" % XF):
                    forms = texts.setdefault(t.get("id"), {})
                    for v in t.findall("{%s}value" % XF):
                        forms[v.get("form") or "text"] = text_of(v)
        self.facts = {}
        self._collect()

    # -- itext --------------------------------------------------------------------------
    def itext_ref(self, ref):
        m = re.fullmatch(r"\s*jr:itext\(\s*'([^']*)'\s*\)\s*", ref or "")
        return m.group(1) if m else None

    def resolve_id(self, tid):
        """{'[lang] form': text} for an itext id; '-' fillers count as text too."""
        out = {}
        for lang, texts in sorted(self.itext.items()):
            for form, txt in sorted(texts.get(tid, {}).items()):
                out["[%s] %s" % (lang, form)] = txt
        if not out:
            out["(missing itext id)"] = tid
        return out

    def resolve_label(self, el):
        """A <label>/<hint>/… element resolved to {'[lang] form': text}."""
        ref = el.get("ref")
        tid = self.itext_ref(ref)
        if tid is not None:
            return self.resolve_id(tid)
        if ref is not None:
            return {"ref": norm_xpath(ref)}
        return {"[inline] text": text_of(el)}

    # -- facts --------------------------------------------------------------------------
    def put(self, key, value):
        self.facts[key] = value

    def _collect(self):
        data = next(iter(self.primary))
        self.put("form id", data.get("id"))
        self.put("form version", data.get("version"))
        self.put("form title", self.title)
        self.put("primary instance root", local(data.tag))
        sub = self.model.find("{%s}submission" % XF)
        if sub is not None:
            for a, v in sorted(sub.attrib.items()):
                self.put("submission @%s" % qname(a), v)
        for a, v in sorted(self.model.attrib.items()):
            self.put("model @%s" % qname(a), v)
        self.put("languages", ", ".join(sorted(self.itext)))
        self.put("default language", self.default_lang)

        order = []

        def walk(el, path):
            p = path + "/" + local(el.tag)
            if p not in order:
                order.append(p)
                kids = list(el)
                flags = []
                if el.get("{%s}template" % JR) is not None:
                    flags.append("jr:template")
                for a, v in sorted(el.attrib.items()):
                    if a != "{%s}template" % JR and not (p.count("/") == 1 and a in ("id", "version")):
                        flags.append("@%s=%s" % (qname(a), v))
                if not kids:
                    flags.append("leaf")
                    if (el.text or "").strip():
                        flags.append("default=%r" % el.text.strip())
                self.put("instance %s" % p, " ".join(flags))
            for c in el:
                walk(c, p)

        walk(data, "")
        self.order = order

        # Repeats: how many rows a new record starts with (pyxform: a jr:template copy + 1 row).
        def rows(el, path):
            p = path + "/" + local(el.tag)
            counts = {}
            for c in el:
                if c.get("{%s}template" % JR) is None:
                    counts[local(c.tag)] = counts.get(local(c.tag), 0) + 1
            for c in el:
                cp = p + "/" + local(c.tag)
                if c.get("{%s}template" % JR) is not None or counts.get(local(c.tag), 0) > 1:
                    self.put("instance %s initial rows" % cp, counts.get(local(c.tag), 0))
                rows(c, p)

        rows(data, "")

        for b in self.model.findall("{%s}bind" % XF):
            ns = norm_xpath(b.get("nodeset"))
            for a, v in sorted(b.attrib.items()):
                if a == "nodeset":
                    continue
                q = qname(a)
                tid = self.itext_ref(v) if q in ("jr:constraintMsg", "jr:requiredMsg") else None
                if tid is not None:
                    for k, t in self.resolve_id(tid).items():
                        self.put("bind %s %s %s" % (ns, q, k), t)
                elif q in ("type", "jr:preload", "jr:preloadParams"):
                    self.put("bind %s %s" % (ns, q), v)
                else:
                    self.put("bind %s %s" % (ns, q), norm_xpath(v))

        for sid, inst in sorted(self.secondary.items()):
            if inst.get("src") is not None:
                self.put("external instance %s" % sid, inst.get("src"))

        body = self.root.find("{%s}body" % H)
        if body is not None:
            self._body(body, [])

    def _body(self, el, ctx):
        for c in el:
            kind = qname(c.tag)
            lk = local(c.tag)
            if lk in ("label", "hint", "help", "item", "itemset", "value"):
                continue
            ref = norm_xpath(c.get("ref") or c.get("nodeset") or c.get("bind") or "")
            key = "body %s %s" % (lk if lk in ("group", "repeat") else "control", ref or "(no ref)")
            attrs = [kind] + ["%s=%s" % (qname(a), norm_xpath(v) if qname(a) == "jr:count" else v)
                              for a, v in sorted(c.attrib.items()) if a not in ("ref", "nodeset")]
            if ctx:
                attrs.append("in " + " > ".join(ctx))
            self.put(key, " ".join(attrs))
            for sub in c:
                sk = local(sub.tag)
                if sk in ("label", "hint", "help"):
                    for k, t in self.resolve_label(sub).items():
                        self.put("%s %s %s" % (key, sk, k), t)
            if lk in CONTROLS and lk in ("select1", "select", "rank", "range") or c.find("{%s}item" % XF) is not None:
                self._choices(c, key)
            if lk in ("group", "repeat") or lk not in CONTROLS:
                self._body(c, ctx + ["%s %s" % (lk, ref)])

    def _choices(self, c, key):
        items = c.findall("{%s}item" % XF)
        if items:
            for i, it in enumerate(items):
                val = (it.findtext("{%s}value" % XF) or "").strip()
                lab = it.find("{%s}label" % XF)
                self.put("%s choice %s" % (key, val), "#%d" % i)
                if lab is not None:
                    for k, t in self.resolve_label(lab).items():
                        self.put("%s choice %s label %s" % (key, val, k), t)
            return
        its = c.find("{%s}itemset" % XF)
        if its is None:
            return
        nodeset = norm_xpath(its.get("nodeset"))
        vref = its.find("{%s}value" % XF)
        lref = its.find("{%s}label" % XF)
        vref = vref.get("ref") if vref is not None else None
        lref = lref.get("ref") if lref is not None else None
        m = re.match(r"instance\('([^']*)'\)(/root/item)(.*)$", nodeset or "")
        inst = self.secondary.get(m.group(1)) if m else None
        if inst is None or inst.get("src") is not None:
            # external file (or unknown instance): compared by src and nodeset
            src = inst.get("src") if inst is not None else "(no such instance)"
            self.put("%s itemset" % key, "src=%s nodeset=%s value=%s label=%s"
                     % (src, nodeset, norm_xpath(vref), norm_xpath(lref)))
            return
        # an inline secondary instance: resolve every item; keep the filter if any
        if m.group(3):
            self.put("%s itemset filter" % key, "instance(*)%s%s" % (m.group(2), m.group(3)))
        root = next(iter(inst))
        for i, it in enumerate(root):
            val = child_text(it, vref) if vref else ""
            self.put("%s choice %s" % (key, val), "#%d" % i)
            lm = re.fullmatch(r"\s*jr:itext\(\s*([A-Za-z_][\w.-]*)\s*\)\s*", lref or "")
            if lm:
                tid = child_text(it, lm.group(1))
                labels = self.resolve_id(tid)
            elif lref:
                labels = {"[inline] text": child_text(it, lref)}
            else:
                labels = {}
            for k, t in labels.items():
                self.put("%s choice %s label %s" % (key, val, k), t)
            for f in it:
                if local(f.tag) not in (vref, "itextId", lref):
                    self.put("%s choice %s %s" % (key, val, local(f.tag)), (f.text or "").strip())


def convert(xlsx):
    from pyxform.xls2xform import convert as pyx_convert

    warnings = []
    result = pyx_convert(xlsform=xlsx, warnings=warnings, validate=False)
    warnings = list(dict.fromkeys(list(warnings) + list(result.warnings or [])))
    return result.xform, warnings


def compare(ours, theirs):
    """Lines of differences between two Forms (ours vs pyxform's)."""
    lines = []
    a, b = ours.facts, theirs.facts
    for k in sorted(set(a) | set(b)):
        if k not in a:
            lines.append("- missing in ours:   %s = %r" % (k, b[k]))
        elif k not in b:
            lines.append("+ not in pyxform's:  %s = %r" % (k, a[k]))
        elif a[k] != b[k]:
            lines.append("~ differs:          %s\n      ours:    %r\n      pyxform: %r" % (k, a[k], b[k]))
    if set(ours.order) == set(theirs.order) and ours.order != theirs.order:
        lines.append("~ primary instance order differs:\n      ours:    %s\n      pyxform: %s"
                     % (" ".join(ours.order), " ".join(theirs.order)))
    return lines


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    xml_path, xlsx_path = argv[1], argv[2]
    try:
        xform, warnings = convert(xlsx_path)
    except Exception as e:  # pyxform's errors (PyXFormError and others)
        print("pyxform_check: pyxform error on %s: %s" % (xlsx_path, e))
        return 1
    if warnings:
        print("pyxform_check: pyxform warnings on %s:" % xlsx_path)
        for w in warnings:
            print("  " + w)
        return 1
    with open(xml_path, encoding="utf-8") as f:
        ours = Form(f.read(), xml_path)
    theirs = Form(xform, "pyxform(%s)" % xlsx_path)
    diff = compare(ours, theirs)
    if diff:
        print("pyxform_check: %s differs from pyxform's XForm for %s (%d differences):"
              % (xml_path, xlsx_path, len(diff)))
        for line in diff:
            print("  " + line)
        return 1
    print("pyxform_check: %s matches pyxform's XForm for %s (%d facts)" % (xml_path, xlsx_path, len(ours.facts)))
    return 0



if __name__ == "__main__":
    sys.exit(main(sys.argv))

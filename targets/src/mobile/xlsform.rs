//! The XLSForm of a survey (`survey`, `choices` and `settings` sheets), the spreadsheet country
//! teams trade forms as; pyxform turns it into the same XForm as [`super::xform`].

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::survey::{Group, Item, Node, Survey, Tr};

/// The survey sheet's columns: fixed ones and one per language for translated ones.
struct Columns {
    langs: Vec<(String, String)>,
    names: Vec<String>,
}

const TRANSLATED: &[&str] = &["label", "hint", "guidance_hint", "constraint_message"];
const PLAIN: &[&str] = &[
    "parameters",
    "relevant",
    "required",
    "constraint",
    "calculation",
    "read_only",
    "default",
    "choice_filter",
    "appearance",
];

impl Columns {
    fn new(survey: &Survey) -> Self {
        let mut names = vec!["type".to_string(), "name".to_string()];
        for t in TRANSLATED {
            for (_, lang) in &survey.languages {
                names.push(format!("{t}::{lang}"));
            }
        }
        names.extend(PLAIN.iter().map(|s| (*s).to_string()));
        Self {
            langs: survey.languages.clone(),
            names,
        }
    }

    fn col(&self, name: &str) -> u16 {
        u16::try_from(self.names.iter().position(|n| n == name).unwrap_or(0)).unwrap_or(0)
    }
}

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    cols: &'a Columns,
    row: u32,
}

impl Sheet<'_> {
    fn put(&mut self, col: &str, value: &str) -> Result<(), XlsxError> {
        if !value.is_empty() {
            self.ws.write_string(self.row, self.cols.col(col), value)?;
        }
        Ok(())
    }

    fn put_tr(&mut self, col: &str, tr: &Tr) -> Result<(), XlsxError> {
        for (code, lang) in &self.cols.langs {
            if let Some(t) = tr.get(code) {
                let name = format!("{col}::{lang}");
                self.ws.write_string(self.row, self.cols.col(&name), t)?;
            }
        }
        Ok(())
    }

    fn nodes(&mut self, nodes: &[Node]) -> Result<(), XlsxError> {
        for n in nodes {
            match n {
                Node::Group(g) => self.group(g, "group")?,
                Node::Repeat(g) => self.group(g, "repeat")?,
                Node::Item(i) => self.item(i)?,
            }
        }
        Ok(())
    }

    fn group(&mut self, g: &Group, what: &str) -> Result<(), XlsxError> {
        self.row += 1;
        self.put("type", &format!("begin {what}"))?;
        self.put("name", &g.name)?;
        self.put_tr("label", &g.label)?;
        if let Some(r) = &g.relevant {
            self.put("relevant", r)?;
        }
        if g.field_list {
            self.put("appearance", "field-list")?;
        }
        self.nodes(&g.children)?;
        self.row += 1;
        self.put("type", &format!("end {what}"))
    }

    fn item(&mut self, i: &Item) -> Result<(), XlsxError> {
        self.row += 1;
        self.put("type", &i.kind.xlsform_type())?;
        self.put("name", &i.name)?;
        self.put_tr("label", &i.label)?;
        self.put_tr("hint", &i.hint)?;
        self.put_tr("guidance_hint", &i.guidance)?;
        self.put_tr("constraint_message", &i.constraint_message)?;
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        self.put("relevant", &opt(&i.relevant))?;
        self.put("required", &opt(&i.required))?;
        self.put("constraint", &opt(&i.constraint))?;
        self.put("calculation", &opt(&i.calculation))?;
        self.put("read_only", if i.read_only { "yes" } else { "" })?;
        self.put("default", &opt(&i.default))?;
        self.put("choice_filter", &opt(&i.choice_filter))?;
        self.put("appearance", i.appearance.unwrap_or_default())?;
        if i.kind == super::survey::ItemKind::Image {
            self.put(
                "parameters",
                &format!("max-pixels={}", super::xform::MAX_PIXELS),
            )?;
        }
        Ok(())
    }
}

/// Renders the XLSForm.
///
/// # Errors
/// Errors of the spreadsheet writer.
pub fn write(survey: &Survey) -> Result<Vec<u8>, XlsxError> {
    let mut wb = gbvims_xlsx::new_workbook(&survey.title)?;
    let cols = Columns::new(survey);
    {
        let ws = wb.add_worksheet();
        ws.set_name("survey")?;
        for (c, name) in cols.names.iter().enumerate() {
            ws.write_string(0, u16::try_from(c).unwrap_or(0), name)?;
        }
        let mut sheet = Sheet {
            ws,
            cols: &cols,
            row: 0,
        };
        sheet.nodes(&survey.body)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("choices")?;
        ws.write_string(0, 0, "list_name")?;
        ws.write_string(0, 1, "name")?;
        for (c, (_, lang)) in survey.languages.iter().enumerate() {
            ws.write_string(
                0,
                u16::try_from(c + 2).unwrap_or(0),
                format!("label::{lang}"),
            )?;
        }
        let mut row = 0;
        for list in &survey.lists {
            for choice in &list.choices {
                row += 1;
                ws.write_string(row, 0, &list.name)?;
                ws.write_string(row, 1, &choice.name)?;
                for (c, (code, _)) in survey.languages.iter().enumerate() {
                    if let Some(t) = choice.label.get(code) {
                        ws.write_string(row, u16::try_from(c + 2).unwrap_or(0), t)?;
                    }
                }
            }
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name("settings")?;
        let mut settings = vec![
            ("form_title", survey.title.clone()),
            ("form_id", survey.form_id.clone()),
            ("version", survey.version.clone()),
            ("name", survey.root.clone()),
        ];
        if let Some((_, lang)) = survey.languages.first() {
            settings.push(("default_language", lang.clone()));
        }
        if let Some(key) = &survey.public_key {
            settings.push(("public_key", key.clone()));
        }
        for (c, (k, v)) in settings.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(0);
            ws.write_string(0, c, *k)?;
            ws.write_string(1, c, v)?;
        }
    }
    wb.save_to_buffer()
}

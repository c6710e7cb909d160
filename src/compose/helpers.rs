//! The Handlebars helpers templates use for display formatting. None of them adds anything
//! up: every number comes from the context (and so from `Figures`), helpers only print it.
//!
//! | helper | example | prints |
//! |---|---|---|
//! | `won` | `{{won total}}` | `6,300,000,000` |
//! | `won_words` | `{{won_words total}}` | `육십삼억` |
//! | `amount` | `{{amount total}}` | `금6,300,000,000원(금육십삼억원)` |
//! | `date` | `{{date date}}` | `2026. 3. 9.` |
//! | `date_wd` | `{{date_wd due}}` | `2026. 3. 10.(화)` |
//! | `period` | `{{period project.period}}` or `{{period start end}}` | `2026. 4. 1. ~ 2027. 12. 31.` |
//! | `percent` | `{{percent num den}}` or `{{percent ratio}}` | `26.36%` |
//! | `check` | `{{check flag}}` | `☑` or `☐` |
//! | `inc` | `{{inc @index}}` | `1` for 0 (연번) |
//!
//! A value that is the blank marker `[미입력]` (an absent optional field in a draft) prints
//! as itself in every helper, so a draft of an incomplete file still renders.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value;

use super::MISSING;
use crate::korean;

type FmtFn = fn(&[&Value]) -> Result<Value, String>;

/// A formatting helper: a pure function of its parameters.
struct Fmt {
    name: &'static str,
    arity: std::ops::RangeInclusive<usize>,
    f: FmtFn,
}

impl HelperDef for Fmt {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let n = h.params().len();
        if !self.arity.contains(&n) {
            return Err(RenderErrorReason::Other(format!(
                "`{}` takes {} to {} parameters, not {n}",
                self.name,
                self.arity.start(),
                self.arity.end()
            ))
            .into());
        }
        let mut values = Vec::with_capacity(n);
        for (i, p) in h.params().iter().enumerate() {
            if p.is_value_missing() {
                // Strict mode: a parameter naming a field that does not exist is an error.
                let what = p.relative_path().cloned().unwrap_or_default();
                return Err(RenderErrorReason::Other(format!(
                    "`{}` parameter {} refers to a missing value `{what}`",
                    self.name,
                    i + 1
                ))
                .into());
            }
            values.push(p.value());
        }
        (self.f)(&values)
            .map(ScopedJson::Derived)
            .map_err(|m| RenderErrorReason::Other(format!("`{}`: {m}", self.name)).into())
    }
}

/// The blank marker of an absent field, or `-` (a field that does not apply, such as a
/// public body's founding date): printed as they are.
fn is_missing(v: &Value) -> bool {
    matches!(v.as_str(), Some(MISSING) | Some("-"))
}

fn int(v: &Value) -> Result<i64, String> {
    v.as_i64()
        .ok_or_else(|| format!("expects an integer amount, not `{v}`"))
}

fn money(args: &[&Value], f: fn(i64) -> String) -> Result<Value, String> {
    if is_missing(args[0]) {
        return Ok(args[0].clone());
    }
    Ok(Value::from(f(int(args[0])?)))
}

fn iso(v: &Value) -> Result<&str, String> {
    v.as_str()
        .ok_or_else(|| format!("expects an ISO date text, not `{v}`"))
}

fn dated(
    args: &[&Value],
    f: fn(&str) -> Result<String, crate::model::ValueError>,
) -> Result<Value, String> {
    if is_missing(args[0]) {
        return Ok(args[0].clone());
    }
    f(iso(args[0])?).map(Value::from).map_err(|e| e.to_string())
}

fn period(args: &[&Value]) -> Result<Value, String> {
    let (s, e) = match args {
        [obj] if obj.is_object() => (&obj["start"], &obj["end"]),
        [s, e] => (*s, *e),
        _ => return Err("expects {start, end} or two dates".into()),
    };
    if is_missing(s) || is_missing(e) {
        return Ok(Value::from(MISSING));
    }
    korean::period(iso(s)?, iso(e)?)
        .map(Value::from)
        .map_err(|e| e.to_string())
}

fn percent(args: &[&Value]) -> Result<Value, String> {
    let (n, d) = match args {
        [obj] if obj.is_object() => (&obj["num"], &obj["den"]),
        [n, d] => (*n, *d),
        _ => return Err("expects {num, den} or two integers".into()),
    };
    if is_missing(n) || is_missing(d) {
        return Ok(Value::from(MISSING));
    }
    Ok(Value::from(korean::percent(int(n)?, int(d)?)))
}

fn check(args: &[&Value]) -> Result<Value, String> {
    Ok(Value::from(korean::check(args[0].as_bool() == Some(true))))
}

fn inc(args: &[&Value]) -> Result<Value, String> {
    Ok(Value::from(int(args[0])?.saturating_add(1)))
}

/// Register every helper on a registry.
pub fn register(hb: &mut Handlebars<'static>) {
    let list: [(&'static str, std::ops::RangeInclusive<usize>, FmtFn); 9] = [
        ("won", 1..=1, |a| money(a, korean::won)),
        ("won_words", 1..=1, |a| money(a, korean::won_words)),
        ("amount", 1..=1, |a| money(a, korean::amount)),
        ("date", 1..=1, |a| dated(a, korean::date)),
        ("date_wd", 1..=1, |a| dated(a, korean::date_wd)),
        ("period", 1..=2, period),
        ("percent", 1..=2, percent),
        ("check", 1..=1, check),
        ("inc", 1..=1, inc),
    ];
    for (name, arity, f) in list {
        hb.register_helper(name, Box::new(Fmt { name, arity, f }));
    }
}

/// HTML escaping (`& < > " ' \` =`, all valid in XML), and characters XML 1.0 cannot hold at
/// all (most C0 controls, U+FFFE, U+FFFF) dropped, so data can never break or inject markup.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            // The private-use character the XML parser uses for `<br/>`.
            '\u{E000}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hb() -> Handlebars<'static> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        register(&mut hb);
        hb.register_escape_fn(xml_escape);
        hb
    }

    fn render(t: &str, data: Value) -> String {
        hb().render_template(t, &data).unwrap()
    }

    #[test]
    fn formatting_helpers() {
        let d = json!({"a": 6_300_000_000i64, "z": 0, "neg": -5000, "d": "2026-03-10",
                       "p": {"start": "2026-04-01", "end": "2027-12-31"},
                       "r": {"num": 6_300_000_000i64, "den": 23_900_000_000i64},
                       "t": true, "f": false, "m": "[미입력]"});
        assert_eq!(render("{{won a}}", d.clone()), "6,300,000,000");
        assert_eq!(render("{{won neg}}", d.clone()), "-5,000");
        assert_eq!(render("{{won_words a}}", d.clone()), "육십삼억");
        assert_eq!(render("{{won_words z}}", d.clone()), "영");
        assert_eq!(
            render("{{amount a}}", d.clone()),
            "금6,300,000,000원(금육십삼억원)"
        );
        assert_eq!(render("{{date d}}", d.clone()), "2026. 3. 10.");
        assert_eq!(render("{{date_wd d}}", d.clone()), "2026. 3. 10.(화)");
        assert_eq!(
            render("{{period p}}", d.clone()),
            "2026. 4. 1. ~ 2027. 12. 31."
        );
        assert_eq!(
            render("{{period p.start p.end}}", d.clone()),
            "2026. 4. 1. ~ 2027. 12. 31."
        );
        assert_eq!(render("{{percent r}}", d.clone()), "26.36%");
        assert_eq!(render("{{percent r.num r.den}}", d.clone()), "26.36%");
        assert_eq!(
            render("{{check t}}{{check f}}{{check m}}", d.clone()),
            "☑☐☐"
        );
        assert_eq!(
            render("{{#each p}}{{inc @index}}{{/each}}", d.clone()),
            "12"
        );
        // The blank marker passes through every helper.
        assert_eq!(
            render(
                "{{won m}} {{amount m}} {{date m}} {{period m m}}",
                d.clone()
            ),
            "[미입력] [미입력] [미입력] [미입력]"
        );
        assert_eq!(render("{{date x}} {{won x}}", json!({"x": "-"})), "- -");
    }

    #[test]
    fn helpers_reject_wrong_input_and_missing_fields() {
        let d = json!({"s": "abc", "x": 1.5});
        assert!(hb().render_template("{{won s}}", &d).is_err());
        assert!(hb().render_template("{{won x}}", &d).is_err());
        assert!(hb().render_template("{{date s}}", &d).is_err());
        assert!(hb().render_template("{{won nothing}}", &d).is_err());
        assert!(hb().render_template("{{won}}", &d).is_err());
    }

    #[test]
    fn escaping_keeps_data_literal_and_valid_xml() {
        assert_eq!(
            xml_escape("</p><table> & \"q\" 'a' `b` = c"),
            "&lt;/p&gt;&lt;table&gt; &amp; &quot;q&quot; &#x27;a&#x27; &#x60;b&#x60; &#x3D; c"
        );
        assert_eq!(xml_escape("a\u{1}b\u{FFFF}\u{E000}c\nd"), "abc\nd");
        let out = render("{{x}}", json!({"x": "{{project.title}}"}));
        assert_eq!(out, "{{project.title}}");
    }
}

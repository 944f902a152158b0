//! A formula of a derived metric (`settled / concluded * 100`): read into an expression of
//! metric ids, numbers, `+ - * /` and parentheses, and evaluated with exact decimals.

use rust_decimal::Decimal;

use crate::input::hinted::{Hinted, HintedResult};

/// A parsed formula.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Number(Decimal),
    Metric(String),
    Neg(Box<Expr>),
    Binary(Box<Expr>, char, Box<Expr>),
}

impl Expr {
    /// The metric ids the formula reads.
    pub(crate) fn metrics(&self) -> Vec<&str> {
        match self {
            Expr::Number(_) => Vec::new(),
            Expr::Metric(id) => vec![id.as_str()],
            Expr::Neg(e) => e.metrics(),
            Expr::Binary(a, _, b) => {
                let mut ids = a.metrics();
                ids.extend(b.metrics());
                ids
            }
        }
    }
}

/// Parses `settled / concluded * 100`: metric ids, numbers, `+ - * /` and parentheses.
pub(crate) fn parse(text: &str) -> HintedResult<Expr> {
    let parsed = tokenize(text).and_then(|tokens| {
        let mut pos = 0;
        let expr = sum(&tokens, &mut pos)?;
        match tokens.get(pos) {
            None => Ok(expr),
            Some(t) => Err(Hinted::new(format!("unexpected `{t}`"))),
        }
    });
    parsed.map_err(|e| {
        e.hint("write metric ids, numbers, `+ - * /` and parentheses: `settled / concluded * 100`")
    })
}

fn tokenize(text: &str) -> HintedResult<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '+' | '-' | '*' | '/' | '(' | ')' => out.push(c.to_string()),
            '×' => out.push("*".into()),
            '÷' => out.push("/".into()),
            c if c.is_ascii_alphanumeric() || c == '_' || c == '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' || d == '.' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(text[i..end].to_string());
            }
            other => return Err(Hinted::new(format!("`{other}` has no meaning in a formula"))),
        }
    }
    Ok(out)
}

fn sum(t: &[String], pos: &mut usize) -> HintedResult<Expr> {
    let mut left = product(t, pos)?;
    while let Some(op) = t.get(*pos).filter(|s| *s == "+" || *s == "-") {
        let op = op.chars().next().unwrap_or('+');
        *pos += 1;
        left = Expr::Binary(Box::new(left), op, Box::new(product(t, pos)?));
    }
    Ok(left)
}

fn product(t: &[String], pos: &mut usize) -> HintedResult<Expr> {
    let mut left = factor(t, pos)?;
    while let Some(op) = t.get(*pos).filter(|s| *s == "*" || *s == "/") {
        let op = op.chars().next().unwrap_or('*');
        *pos += 1;
        left = Expr::Binary(Box::new(left), op, Box::new(factor(t, pos)?));
    }
    Ok(left)
}

fn factor(t: &[String], pos: &mut usize) -> HintedResult<Expr> {
    let Some(tok) = t.get(*pos) else { return Err(Hinted::new("the formula ends too early")) };
    *pos += 1;
    match tok.as_str() {
        "-" => Ok(Expr::Neg(Box::new(factor(t, pos)?))),
        "(" => {
            let inner = sum(t, pos)?;
            if t.get(*pos).map(String::as_str) != Some(")") {
                return Err(Hinted::new("a `(` is not closed"));
            }
            *pos += 1;
            Ok(inner)
        }
        s if s.starts_with(|c: char| c.is_ascii_digit()) => {
            s.parse().map(Expr::Number).map_err(|_| Hinted::new(format!("`{s}` is not a number")))
        }
        s if crate::input::keyed::is_id(s) => Ok(Expr::Metric(s.to_string())),
        s => Err(Hinted::new(format!("unexpected `{s}`"))),
    }
}

pub(super) fn eval(e: &Expr, values: &dyn Fn(&str) -> Option<Decimal>) -> HintedResult<Decimal> {
    match e {
        Expr::Number(d) => Ok(*d),
        Expr::Metric(id) => values(id).ok_or_else(|| Hinted::new(format!("`{id}` has no value"))),
        Expr::Neg(inner) => Ok(-eval(inner, values)?),
        Expr::Binary(a, op, b) => {
            let (a, b) = (eval(a, values)?, eval(b, values)?);
            let r = match op {
                '+' => a.checked_add(b),
                '-' => a.checked_sub(b),
                '*' => a.checked_mul(b),
                _ if b.is_zero() => return Err(Hinted::new("it divides by zero")),
                _ => a.checked_div(b),
            };
            r.ok_or_else(|| "the result is too large".into())
        }
    }
}

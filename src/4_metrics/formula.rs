//! A formula of a derived metric (`settled / concluded * 100`): read into an expression of
//! metric ids, numbers, `+ - * /` and parentheses, and evaluated with exact decimals.

use rust_decimal::Decimal;

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
pub(crate) fn parse(text: &str) -> Result<Expr, String> {
    let tokens = tokenize(text)?;
    let mut pos = 0;
    let expr = sum(&tokens, &mut pos)?;
    match tokens.get(pos) {
        None => Ok(expr),
        Some(t) => Err(format!("unexpected `{t}`")),
    }
}

fn tokenize(text: &str) -> Result<Vec<String>, String> {
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
            other => return Err(format!("`{other}` has no meaning in a formula")),
        }
    }
    Ok(out)
}

fn sum(t: &[String], pos: &mut usize) -> Result<Expr, String> {
    let mut left = product(t, pos)?;
    while let Some(op) = t.get(*pos).filter(|s| *s == "+" || *s == "-") {
        let op = op.chars().next().unwrap_or('+');
        *pos += 1;
        left = Expr::Binary(Box::new(left), op, Box::new(product(t, pos)?));
    }
    Ok(left)
}

fn product(t: &[String], pos: &mut usize) -> Result<Expr, String> {
    let mut left = factor(t, pos)?;
    while let Some(op) = t.get(*pos).filter(|s| *s == "*" || *s == "/") {
        let op = op.chars().next().unwrap_or('*');
        *pos += 1;
        left = Expr::Binary(Box::new(left), op, Box::new(factor(t, pos)?));
    }
    Ok(left)
}

fn factor(t: &[String], pos: &mut usize) -> Result<Expr, String> {
    let Some(tok) = t.get(*pos) else { return Err("the formula ends too early".into()) };
    *pos += 1;
    match tok.as_str() {
        "-" => Ok(Expr::Neg(Box::new(factor(t, pos)?))),
        "(" => {
            let inner = sum(t, pos)?;
            if t.get(*pos).map(String::as_str) != Some(")") {
                return Err("a `(` is not closed".into());
            }
            *pos += 1;
            Ok(inner)
        }
        s if s.starts_with(|c: char| c.is_ascii_digit()) => {
            s.parse().map(Expr::Number).map_err(|_| format!("`{s}` is not a number"))
        }
        s if crate::input::keyed::is_id(s) => Ok(Expr::Metric(s.to_string())),
        s => Err(format!("unexpected `{s}`")),
    }
}

pub(super) fn eval(e: &Expr, values: &dyn Fn(&str) -> Option<Decimal>) -> Result<Decimal, String> {
    match e {
        Expr::Number(d) => Ok(*d),
        Expr::Metric(id) => values(id).ok_or_else(|| format!("`{id}` has no value")),
        Expr::Neg(inner) => Ok(-eval(inner, values)?),
        Expr::Binary(a, op, b) => {
            let (a, b) = (eval(a, values)?, eval(b, values)?);
            let r = match op {
                '+' => a.checked_add(b),
                '-' => a.checked_sub(b),
                '*' => a.checked_mul(b),
                _ if b.is_zero() => return Err("it divides by zero".into()),
                _ => a.checked_div(b),
            };
            r.ok_or_else(|| "the result is too large".into())
        }
    }
}

//! Stripe's form encoding (`a[b][]=c`), both ways: the client encodes, the sandbox decodes.
//! Owns only the wire syntax; knows no resource.

use std::collections::BTreeMap;

/// Ordered form parameters with Stripe's bracket syntax for nesting and arrays.
///
/// ```
/// # use treasury_desk::stripe::Form;
/// let form = Form::new().set("relink_options[account]", "fca_1").push("permissions", "balances");
/// assert_eq!(form.encode(), "relink_options%5Baccount%5D=fca_1&permissions%5B%5D=balances");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set `key=value` (replacing an earlier value of the same key).
    #[must_use]
    pub fn set(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        let key = key.into();
        self.pairs.retain(|(k, _)| *k != key);
        self.pairs.push((key, value.to_string()));
        self
    }

    /// Set `key=value` only when `value` is `Some`.
    #[must_use]
    pub fn set_opt(self, key: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }

    /// Append one array element: `key[]=value`.
    #[must_use]
    pub fn push(mut self, key: &str, value: impl ToString) -> Self {
        self.pairs.push((format!("{key}[]"), value.to_string()));
        self
    }

    /// The value of a plain key, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The pairs in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// `application/x-www-form-urlencoded` text (also used as a query string).
    pub fn encode(&self) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.pairs {
            serializer.append_pair(key, value);
        }
        serializer.finish()
    }

    /// True when there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A decoded form value: Stripe's nested params as a tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormValue {
    /// A plain value.
    Str(String),
    /// `key[]=a&key[]=b`, or `key[0]=a&key[1]=b`.
    List(Vec<FormValue>),
    /// `key[a]=..&key[b]=..`.
    Map(BTreeMap<String, FormValue>),
}

/// Why a form could not be decoded; `param` names the offending key as Stripe does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Invalid parameter {param}: {reason}")]
pub struct FormError {
    /// The top-level key at fault.
    pub param: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FormValue {
    /// The string, if this is a plain value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A child of a map.
    pub fn get(&self, key: &str) -> Option<&FormValue> {
        match self {
            Self::Map(map) => map.get(key),
            _ => None,
        }
    }

    /// The plain strings of a list (a single plain value counts as a one-element list).
    pub fn strings(&self) -> Vec<&str> {
        match self {
            Self::Str(s) => vec![s.as_str()],
            Self::List(items) => items.iter().filter_map(FormValue::as_str).collect(),
            Self::Map(map) => map.values().filter_map(FormValue::as_str).collect(),
        }
    }
}

/// Deepest nesting [`decode`] accepts (`a[b][c]` is 2). Stripe's deepest parameters are 3 deep;
/// the bound keeps a hostile key from recursing the decoder off its stack.
pub const MAX_DEPTH: usize = 16;
/// Largest explicit list index [`decode`] accepts (`a[9999][b]`): indices fill the list up to
/// themselves, so the bound keeps one short key from allocating without end.
pub const MAX_INDEX: usize = 9_999;

/// Decode `a=1&b[c]=2&d[]=3&d[]=4` into a map of trees.
pub fn decode(input: &str) -> Result<BTreeMap<String, FormValue>, FormError> {
    let mut root = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(input.as_bytes()) {
        let (head, path) = split_key(&key)
            .ok_or_else(|| FormError { param: key.to_string(), reason: "malformed brackets".to_owned() })?;
        if path.len() > MAX_DEPTH {
            return Err(FormError {
                param: head.to_owned(),
                reason: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        insert(&mut root, head, &path, value.into_owned())
            .map_err(|reason| FormError { param: head.to_owned(), reason })?;
    }
    Ok(root)
}

fn split_key(key: &str) -> Option<(&str, Vec<&str>)> {
    let Some(open) = key.find('[') else {
        return (!key.is_empty()).then_some((key, Vec::new()));
    };
    let (head, mut rest) = key.split_at(open);
    let mut path = Vec::new();
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        path.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    (!head.is_empty()).then_some((head, path))
}

fn insert(map: &mut BTreeMap<String, FormValue>, key: &str, path: &[&str], value: String) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        if map.insert(key.to_owned(), FormValue::Str(value)).is_some() {
            return Err("given more than once".to_owned());
        }
        return Ok(());
    };
    let is_index = first.is_empty() || first.bytes().all(|b| b.is_ascii_digit());
    let slot = map
        .entry(key.to_owned())
        .or_insert_with(|| if is_index { FormValue::List(Vec::new()) } else { FormValue::Map(BTreeMap::new()) });
    match (slot, is_index) {
        (FormValue::List(items), true) => {
            if rest.is_empty() {
                items.push(FormValue::Str(value));
                return Ok(());
            }
            // `a[0][b]=x`: a list of maps, indexed explicitly.
            let index: usize = first.parse().map_err(|_| "array of objects needs indices".to_owned())?;
            if index > MAX_INDEX {
                return Err(format!("index {index} is past the largest accepted ({MAX_INDEX})"));
            }
            while items.len() <= index {
                items.push(FormValue::Map(BTreeMap::new()));
            }
            match &mut items[index] {
                FormValue::Map(child) => {
                    let (next, tail) = rest.split_first().ok_or("empty path")?;
                    insert(child, next, tail, value)
                }
                _ => Err("mixes values and objects".to_owned()),
            }
        }
        (FormValue::Map(child), false) => insert(child, first, rest, value),
        _ => Err("mixes arrays and objects".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_nested_and_arrays() {
        let form = Form::new()
            .set("account_holder[type]", "account")
            .set("account_holder[account]", "acct_1")
            .push("permissions", "balances")
            .push("permissions", "payment_method")
            .push("filters[account_subcategories]", "checking")
            .set("limit", 100);
        let decoded = decode(&form.encode()).expect("decodes");
        assert_eq!(decoded["limit"].as_str(), Some("100"));
        assert_eq!(decoded["account_holder"].get("account").and_then(FormValue::as_str), Some("acct_1"));
        assert_eq!(decoded["permissions"].strings(), vec!["balances", "payment_method"]);
        let subcats = decoded["filters"].get("account_subcategories").map(FormValue::strings);
        assert_eq!(subcats, Some(vec!["checking"]));
    }

    #[test]
    fn encodes_reserved_characters() {
        let form = Form::new().set("description", "a&b=c d").set("metadata[k]", "ü");
        assert_eq!(form.encode(), "description=a%26b%3Dc+d&metadata%5Bk%5D=%C3%BC");
    }

    #[test]
    fn hostile_keys_are_refused_not_followed() {
        let deep = format!("a{}=1", "[b]".repeat(100_000));
        assert!(decode(&deep).is_err_and(|e| e.param == "a" && e.reason.contains("levels deep")));
        let fine = format!("a{}=1", "[b]".repeat(MAX_DEPTH));
        assert!(decode(&fine).is_ok());
        assert!(decode("a[4000000000][b]=1").is_err_and(|e| e.reason.contains("largest accepted")));
        assert!(decode("a[9999][b]=1").is_ok());
    }

    #[test]
    fn rejects_malformed_and_conflicting_keys() {
        assert_eq!(decode("a[b=1").map_err(|e| e.param), Err("a[b".to_owned()));
        assert!(decode("a=1&a[b]=2").is_err());
        assert!(decode("a=1&a=2").is_err());
        assert!(decode("a[]=1&a[b]=2").is_err());
    }
}

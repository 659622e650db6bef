//! Reading the XML documents S3 answers with: listings and error documents. They are flat
//! and plain, so a scan for tags is enough; unlike a strict schema, it accepts the listings
//! of stores that leave out elements (some leave out `ETag`, which then has to be asked for
//! with HEAD).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use super::Listed;

/// One page of a ListObjectsV2 answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The objects listed.
    pub objects: Vec<Listed>,
    /// The token for the next page, when the listing is truncated.
    pub next: Option<String>,
}

/// Parses a ListObjectsV2 answer.
pub fn listing(xml: &str) -> Result<Page, String> {
    if !xml.contains("<ListBucketResult") {
        return Err("the answer is not a bucket listing".to_string());
    }
    let url_encoded = value(xml, "EncodingType") == Some("url");
    let mut objects = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<Contents>") {
        let after = &rest[start + "<Contents>".len()..];
        let end = after
            .find("</Contents>")
            .ok_or("a listing entry is not closed")?;
        let entry = &after[..end];
        rest = &after[end..];
        let key = text(value(entry, "Key").ok_or("a listing entry has no key")?);
        let key = if url_encoded {
            percent_decode_str(&key)
                .decode_utf8()
                .map_err(|_| "a listed key is not UTF-8")?
                .into_owned()
        } else {
            key.into_owned()
        };
        objects.push(Listed {
            key,
            etag: value(entry, "ETag").map_or_else(String::new, |e| super::normal_etag(&text(e))),
            size: value(entry, "Size")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(0),
        });
    }
    let truncated = value(xml, "IsTruncated").is_some_and(|t| t.trim() == "true");
    let next = value(xml, "NextContinuationToken").map(|t| text(t).into_owned());
    match (truncated, next) {
        (true, None) => Err("the listing is truncated and gives no continuation token".into()),
        (true, next) => Ok(Page { objects, next }),
        (false, _) => Ok(Page {
            objects,
            next: None,
        }),
    }
}

/// The raw text of the first `<tag>…</tag>` in `xml`.
pub fn value<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(&xml[start..end])
}

/// Element text with XML's escapes resolved.
pub fn text(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_with_and_without_etags() {
        let xml = "<?xml version=\"1.0\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\
            <Name>site</Name><IsTruncated>true</IsTruncated>\
            <Contents><Key>a&amp;b.html</Key><ETag>&quot;9B2CF535F27731C974343645A3985328&quot;</ETag><Size>12</Size></Contents>\
            <Contents><Key>contacts/刘芮汐.vcf</Key><Size>3</Size></Contents>\
            <NextContinuationToken>tok/en=</NextContinuationToken></ListBucketResult>";
        let page = listing(xml).unwrap();
        assert_eq!(page.next.as_deref(), Some("tok/en="));
        assert_eq!(page.objects[0].key, "a&b.html");
        assert_eq!(page.objects[0].etag, "9b2cf535f27731c974343645a3985328");
        assert_eq!(page.objects[0].size, 12);
        assert_eq!(page.objects[1].key, "contacts/刘芮汐.vcf");
        assert_eq!(page.objects[1].etag, "");
    }

    #[test]
    fn url_encoded_keys_are_decoded() {
        let xml = "<ListBucketResult><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>\
            <Contents><Key>notices/%E5%88%98%20x.html</Key><ETag>\"abc\"</ETag><Size>1</Size></Contents></ListBucketResult>";
        let page = listing(xml).unwrap();
        assert_eq!(page.objects[0].key, "notices/刘 x.html");
        assert_eq!(page.next, None);
        assert!(listing("<Error><Code>x</Code></Error>").is_err());
        assert!(
            listing("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>")
                .is_err()
        );
    }

    #[test]
    fn text_resolves_escapes() {
        assert_eq!(
            text("a &lt;b&gt; &#x5218; &#65; &unknown; &"),
            "a <b> 刘 A &unknown; &"
        );
    }
}

//! The merged file's outline: one bookmark per part, and parts in a row that share a group
//! under one closed parent bookmark (a document per member: `04 참여의사 확인서` holding one
//! bookmark per 기관), which opens on the first of them.

/// One bookmark: its title, the part whose first page it opens, and its links.
#[derive(Debug, PartialEq)]
pub(crate) struct Item {
    /// Its object number.
    pub id: u32,
    /// Its title.
    pub title: String,
    /// The part whose first page it opens.
    pub part: usize,
    /// Its parent: the outline root or a group's bookmark.
    pub parent: u32,
    /// The bookmarks beside it.
    pub prev: Option<u32>,
    /// See `prev`.
    pub next: Option<u32>,
    /// A group's first and last bookmark and how many it holds (negative: closed).
    pub kids: Option<(u32, u32, i64)>,
}

/// The outline of parts given as (bookmark, group), its items numbered from `first_id`
/// under `root`. Returns the items and the root's first, last and count of items shown.
pub(crate) fn outline(
    marks: &[(&str, Option<&str>)],
    first_id: u32,
    root: u32,
) -> (Vec<Item>, (u32, u32, i64)) {
    let mut items: Vec<Item> = Vec::new();
    let mut top: Vec<usize> = Vec::new();
    let mut id = first_id;
    let mut i = 0;
    while i < marks.len() {
        let group = marks[i].1;
        let end = match group {
            Some(g) => i + marks[i..].iter().take_while(|m| m.1 == Some(g)).count(),
            None => i + 1,
        };
        let title = group.unwrap_or(marks[i].0).to_string();
        top.push(items.len());
        items.push(item(id, title, i, root));
        let parent = id;
        id += 1;
        if group.is_some() {
            let kids: Vec<usize> = (i..end)
                .map(|k| {
                    items.push(item(id + (k - i) as u32, marks[k].0.to_string(), k, parent));
                    items.len() - 1
                })
                .collect();
            id += kids.len() as u32;
            link(&mut items, &kids);
            let (f, l) = (items[kids[0]].id, items[kids[kids.len() - 1]].id);
            items[top[top.len() - 1]].kids = Some((f, l, -(kids.len() as i64)));
        }
        i = end;
    }
    link(&mut items, &top);
    let first = items.first().map_or(0, |x| x.id);
    let last = top.last().map_or(0, |&t| items[t].id);
    (items, (first, last, top.len() as i64))
}

fn item(id: u32, title: String, part: usize, parent: u32) -> Item {
    Item {
        id,
        title,
        part,
        parent,
        prev: None,
        next: None,
        kids: None,
    }
}

/// Prev and Next between the items at `at`, in order.
fn link(items: &mut [Item], at: &[usize]) {
    for w in at.windows(2) {
        let (a, b) = (items[w[0]].id, items[w[1]].id);
        items[w[0]].next = Some(b);
        items[w[1]].prev = Some(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_in_a_row_of_one_group_go_under_one_closed_bookmark() {
        let g = Some("04 참여의사 확인서");
        let marks = [("01 사업신청서", None), ("가", g), ("나", g), ("06", None)];
        let (items, root) = outline(&marks, 10, 3);
        let titles: Vec<(&str, u32)> = items.iter().map(|i| (i.title.as_str(), i.parent)).collect();
        assert_eq!(
            titles,
            [
                ("01 사업신청서", 3),
                ("04 참여의사 확인서", 3),
                ("가", 11),
                ("나", 11),
                ("06", 3)
            ]
        );
        assert_eq!(root, (10, 14, 3));
        assert_eq!(items[1].kids, Some((12, 13, -2)));
        assert_eq!(items[1].part, 1, "the group opens on its first part");
        assert_eq!((items[1].prev, items[1].next), (Some(10), Some(14)));
        assert_eq!(
            (items[2].prev, items[2].next, items[3].prev),
            (None, Some(13), Some(12))
        );
    }
}

// The few DOM helpers every page shares. Text goes in as text (textContent, text nodes), never as
// HTML: names, emails and kiosk names come from people.

export function byId(id) {
    return document.getElementById(id);
}

/**
 * A new element: `attributes` are set as attributes, except `data` (an object for its data-*
 * attributes); `children` are nodes or strings (strings become text).
 */
export function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) {
        if (key === 'data') {
            Object.assign(node.dataset, value);
        } else {
            node.setAttribute(key, value);
        }
    }
    node.append(...children);
    return node;
}

/** Sets the text of a node (or of the element with that id), writing only when it changed. */
export function setText(target, value) {
    const node = typeof target === 'string' ? byId(target) : target;
    if (node.textContent !== value) {
        node.textContent = value;
    }
}

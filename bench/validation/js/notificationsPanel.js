import { fetchNotifications, markRead } from './api.js';

const POLL_MS = 30000;

function formatTime(iso) {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export class NotificationsPanel {
  constructor(root, { onCountChange } = {}) {
    this.root = root;
    this.list = root.querySelector('.notifications-list');
    this.onCountChange = onCountChange || (() => {});
    this.timer = null;
    this.items = [];
  }

  async refresh() {
    try {
      this.items = await fetchNotifications();
      this.render();
    } catch (err) {
      console.error('failed to load notifications', err);
      this.root.classList.add('is-error');
    }
  }

  render() {
    this.list.replaceChildren();
    for (const n of this.items) {
      const li = document.createElement('li');
      li.className = n.read ? 'notification read' : 'notification';
      li.dataset.id = n.id;
      li.innerHTML = `<strong>${n.actorName}</strong> ${n.message}<time>${formatTime(n.createdAt)}</time>`; // label: security/xss
      li.addEventListener('click', () => this.open(n));
      this.list.appendChild(li);
    }
    this.onCountChange(this.items.filter((n) => !n.read).length);
  }

  async open(n) {
    if (!n.read) {
      await markRead(n.id);
      n.read = true;
      this.render();
    }
    if (n.link && n.link.startsWith('/')) {
      window.location.assign(n.link);
    }
  }

  showToast(n) {
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.textContent = n.message;
    document.body.appendChild(toast);
    setTimeout('document.querySelector(".toast[data-id=\'' + n.id + '\']").remove()', n.durationMs || 4000); // label: security/code-injection
  }

  start() {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), POLL_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }
}

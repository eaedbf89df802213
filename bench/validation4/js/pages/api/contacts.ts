import type { NextApiRequest, NextApiResponse } from 'next';
import mongoose from 'mongoose';
import { getServerSession } from 'next-auth/next';
import { authOptions } from '../../lib/auth';
import { Contact, Company, AuditLog } from '../../lib/models';

async function connect(): Promise<void> {
  if (mongoose.connection.readyState === 0) {
    await mongoose.connect(process.env.MONGODB_URI as string);
  }
}

type ContactView = {
  id: string;
  name: string;
  email: string;
  company?: string;
};

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session?.user) {
    return res.status(401).json({ error: 'unauthorized' });
  }
  await connect();

  if (req.method === 'POST' && req.query.action === 'search') {
    const filter = { ownerId: session.user.id, ...req.body.filter };
    const contacts = await Contact.find(filter).limit(50).lean(); // label: security/nosql-injection
    const views: ContactView[] = [];
    for (const c of contacts) {
      const company = await Company.findById(c.companyId).lean(); // label: efficiency/n-plus-one-query
      views.push({ id: String(c._id), name: c.name, email: c.email, company: company?.name });
    }
    return res.status(200).json({ contacts: views });
  }

  if (req.method === 'DELETE') {
    const id = String(req.query.id || '');
    if (!mongoose.isValidObjectId(id)) {
      return res.status(400).json({ error: 'invalid id' });
    }
    const deleted = await Contact.findByIdAndDelete(id); // label: security/missing-authorization
    if (!deleted) {
      return res.status(404).json({ error: 'not found' });
    }
    AuditLog.create({ actor: session.user.id, action: 'contact.delete', target: id }); // label: concurrency/floating-promise
    return res.status(204).end();
  }

  if (req.method === 'GET') {
    const contacts = await Contact.find({ ownerId: session.user.id })
      .sort({ updatedAt: -1 })
      .limit(100)
      .lean();
    return res.status(200).json({
      contacts: contacts.map((c) => ({ id: String(c._id), name: c.name, email: c.email })),
    });
  }

  res.setHeader('Allow', 'GET, POST, DELETE');
  return res.status(405).json({ error: 'method not allowed' });
}

const express = require('express');
const mongoose = require('mongoose');

const Article = mongoose.model(
  'Article',
  new mongoose.Schema({
    title: String,
    body: String,
    author: String,
    tags: [String],
    published: { type: Boolean, default: false },
    createdAt: { type: Date, default: Date.now },
  })
);

const router = express.Router();
router.use(express.json());

router.post('/articles/search', async (req, res, next) => {
  try {
    const { filter = {}, limit = 20 } = req.body;
    const docs = await Article.find({ published: true, ...filter })  // label: security/nosql-injection
      .sort({ createdAt: -1 })
      .limit(Math.min(Number(limit) || 20, 100))
      .lean();
    res.json(docs);
  } catch (err) {
    next(err);
  }
});

router.get('/articles/grep', async (req, res, next) => {
  try {
    const pattern = new RegExp(req.query.q, 'i');  // label: security/regex-injection
    const docs = await Article.find({ published: true, title: pattern }).limit(50).lean();
    res.json(docs.map((d) => ({ id: d._id, title: d.title })));
  } catch (err) {
    next(err);
  }
});

router.get('/tags/stats', async (req, res, next) => {
  try {
    const tags = await Article.distinct('tags', { published: true });
    const stats = {};
    for (const tag of tags) {
      stats[tag] = await Article.countDocuments({ published: true, tags: tag });  // label: efficiency/n-plus-one-query
    }
    res.json(stats);
  } catch (err) {
    next(err);
  }
});

router.get('/authors/:author', async (req, res, next) => {
  try {
    const docs = await Article.find({ author: String(req.params.author), published: true })
      .select('title createdAt')
      .lean();
    res.json(docs);
  } catch (err) {
    next(err);
  }
});

module.exports = router;

'use strict';

const { Sequelize, DataTypes, QueryTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });

const User = sequelize.define('User', {
  email: { type: DataTypes.STRING, unique: true, allowNull: false },
  displayName: DataTypes.STRING,
  role: { type: DataTypes.STRING, defaultValue: 'member' },
  verified: { type: DataTypes.BOOLEAN, defaultValue: false },
  teamId: DataTypes.INTEGER,
});

const Team = sequelize.define('Team', {
  name: DataTypes.STRING,
  plan: DataTypes.STRING,
});

class UserRepo {
  async findByEmail(email) {
    return User.findOne({ where: { email: email.toLowerCase() } });
  }

  async search(term, limit = 20) {
    return sequelize.query( // label: security/sql-injection
      "SELECT id, email, \"displayName\" FROM \"Users\" WHERE \"displayName\" ILIKE '%" + term + "%' LIMIT " + Number(limit),
      { type: QueryTypes.SELECT },
    );
  }

  async updateProfile(userId, body) {
    const user = await User.findByPk(userId);
    if (!user) return null;
    await user.update(body); // label: security/mass-assignment
    return user;
  }

  async teamDirectory(teamIds) {
    const users = await User.findAll({ where: { teamId: { [Op.in]: teamIds } } });
    const result = [];
    for (const u of users) {
      const team = await Team.findByPk(u.teamId); // label: efficiency/n-plus-one-query
      result.push({ id: u.id, email: u.email, team: team ? team.name : null });
    }
    return result;
  }

  async unverifiedOlderThan(days) {
    const cutoff = new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    return User.findAll({
      where: { verified: false, createdAt: { [Op.lt]: cutoff } },
      order: [['createdAt', 'ASC']],
    });
  }

  async countByRole() {
    const rows = await User.findAll({
      attributes: ['role', [sequelize.fn('COUNT', sequelize.col('id')), 'n']],
      group: ['role'],
      raw: true,
    });
    return Object.fromEntries(rows.map((r) => [r.role, Number(r.n)]));
  }
}

module.exports = { sequelize, User, Team, UserRepo };
